package org.slq4j.internal.smoothing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slq4j.internal.vectorization.GaussianSumsSupport;
import org.slq4j.internal.vectorization.VectorizationProvider;

/**
 * The windowed recurrence against the direct evaluation (a second algorithm: every node at every
 * point with Math.exp) and against closed forms.
 */
class GaussianSmootherTest {

  private static final double U = 0x1p-53;
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  /**
   * SLQ's default: 10 runs x 80 nodes, weights summing to 1 per run, scale 1/10, 10000 points;
   * the facade and every implementation this JVM has (scalar, SIMD) against the direct sums.
   */
  @Test
  void defaultConfigurationIsWithin1e12OfDirect() {
    java.util.List<VectorizationProvider> providers = new java.util.ArrayList<>();
    providers.add(null);
    providers.add(VectorizationProvider.scalar());
    VectorizationProvider.panama().ifPresent(providers::add);
    for (VectorizationProvider method : providers) {
      GaussianSumsSupport impl = method == null ? null : method.gaussianSums();
      SplittableRandom rnd = new SplittableRandom(4);
      double worst = 0;
      for (int trial = 0; trial < 6; trial++) {
        double a = trial == 0 ? 0 : rnd.nextDouble(-50, 50);
        double b = a + (trial == 0 ? 10 : Math.exp(rnd.nextDouble(-5, 5)));
        double sigma = (b - a) / 80;
        double pad = Math.max(0.1 * (b - a), 6 * sigma);
        Grid grid = Grid.linear(a - pad, b + pad, 10000);
        double[] windowed = new double[grid.size()];
        double[] direct = new double[grid.size()];
        for (int run = 0; run < 10; run++) {
          double[] nodes = new double[80];
          double[] weights = new double[80];
          fillRun(rnd, a, b, nodes, weights, trial % 3);
          if (impl == null) {
            GaussianSmoother.accumulate(grid, nodes, weights, 80, 0.1, sigma, windowed);
          } else {
            impl.accumulate(grid.first(), grid.step(), grid.size(), nodes, weights, 80, 0.1,
                sigma, windowed);
          }
          DirectGaussianSums.accumulate(grid, nodes, weights, 80, 0.1, sigma, direct);
        }
        double rel = maxAbsDiff(windowed, direct) / max(direct);
        worst = Math.max(worst, rel);
        assertTrue(rel <= 1e-12, method + " trial " + trial + " on [" + a + ", " + b + "]: "
            + rel);
      }
      System.out.printf("GaussianSmootherTest default configuration, %s: max |windowed - direct|"
          + " / max(density) = %.2e%n", method == null ? "default" : method.name(), worst);
    }
  }

  /**
   * Random grids, sigmas from 1e-3 steps to 100 grid widths, nodes inside, at the edges and
   * outside, zero and negative weights: the documented bound (relative error of each term,
   * truncation against the sum of peaks, rounding of the grid points) holds pointwise.
   */
  @Test
  void randomConfigurationsObeyTheDocumentedBound() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) {
      int size = 2 + rnd.nextInt(trial % 10 == 0 ? 20 : 3000);
      double lower = rnd.nextDouble(-5, 5);
      double width = Math.exp(rnd.nextDouble(-8, 8));
      Grid grid = Grid.linear(lower, lower + width, size);
      double sigma = grid.step() * Math.exp(rnd.nextDouble(Math.log(1e-3), Math.log(100.0 * size)));
      int count = rnd.nextInt(60);
      double[] nodes = new double[count + rnd.nextInt(3)];
      double[] weights = new double[nodes.length + rnd.nextInt(3)];
      for (int k = 0; k < count; k++) {
        nodes[k] = switch (rnd.nextInt(5)) {
          case 0 -> grid.first() - rnd.nextDouble(0, 12) * sigma;   // outside, left
          case 1 -> grid.last() + rnd.nextDouble(0, 12) * sigma;    // outside, right
          case 2 -> grid.point(rnd.nextInt(size));                  // on a grid point
          default -> grid.first() + rnd.nextDouble() * width;
        };
        weights[k] = switch (rnd.nextInt(6)) {
          case 0 -> 0;
          case 1 -> -rnd.nextDouble();
          default -> rnd.nextDouble();
        };
      }
      double scale = rnd.nextDouble(0.01, 3);
      double[] windowed = new double[size];
      double[] direct = new double[size];
      GaussianSmoother.accumulate(grid, nodes, weights, count, scale, sigma, windowed);
      DirectGaussianSums.accumulate(grid, nodes, weights, count, scale, sigma, direct);
      assertWithinBound(grid, nodes, weights, count, scale, sigma, windowed, direct,
          "trial " + trial);
    }
  }

  /** sigma far below the step: windows of one point or none, values exact Gaussians. */
  @Test
  void tinySigmaKeepsTheExactGaussian() {
    Grid grid = Grid.linear(0, 1, 9);        // step 1/8: every point and node below is exact
    double sigma = 0x1p-13;                  // 1e-3 steps
    double[] nodes = {0.375, 0.4375, 0.375 + 0.5 * sigma, -0.2, 1.0};
    double[] weights = {1, 1, 1, 1, 1};
    double[] density = new double[9];
    GaussianSmoother.accumulate(grid, nodes, weights, 5, 1, sigma, density);
    double peak = INV_SQRT_2PI / sigma;
    for (int j = 0; j < 9; j++) {
      double t = grid.point(j);
      double expected = 0;
      for (double x : nodes) {
        double z = (t - x) / sigma;
        expected += peak * Math.exp(-0.5 * z * z);
      }
      assertEquals(expected, density[j], 1e-14 * peak, "point " + j);
    }
    assertEquals(peak * (1 + Math.exp(-0.125)), density[3], 1e-15 * peak);  // t = 0.375
    assertEquals(peak, density[8], 1e-15 * peak);                           // t = 1.0
    assertEquals(0, density[4]);         // 0.4375 lies 512 sigma from the points around it
  }

  /** sigma 100 grid widths: the density is nearly flat and must still match term by term. */
  @Test
  void hugeSigmaMatchesDirect() {
    Grid grid = Grid.linear(-1, 1, 5000);
    double sigma = 200;
    double[] nodes = {0, 0.5, -3, 150};
    double[] weights = {0.25, 0.25, 0.25, 0.25};
    double[] windowed = new double[5000];
    double[] direct = new double[5000];
    GaussianSmoother.accumulate(grid, nodes, weights, 4, 1, sigma, windowed);
    DirectGaussianSums.accumulate(grid, nodes, weights, 4, 1, sigma, direct);
    assertTrue(maxAbsDiff(windowed, direct) <= 1e-13 * max(direct));
    // Closed form at the first grid point.
    double t = grid.first();
    double expected = 0;
    for (double x : nodes) {
      double z = (t - x) / sigma;
      expected += 0.25 * INV_SQRT_2PI / sigma * Math.exp(-0.5 * z * z);
    }
    assertEquals(expected, windowed[0], 1e-14 * expected);
  }

  /** Nodes beyond the cutoff leave the density untouched; nodes just outside add their tails. */
  @Test
  void nodesOutsideTheGrid() {
    Grid grid = Grid.linear(0, 1, 1001);
    double sigma = 0.01;
    double[] density = new double[1001];
    Arrays.fill(density, 3.0);
    double far = CUT * sigma * 1.01;
    double[] nodes = {-far, 1 + far, -1e300, 1e300};
    GaussianSmoother.accumulate(grid, nodes, new double[] {1, 1, 1, 1}, 4, 1, sigma, density);
    for (double d : density) {
      assertEquals(3.0, d);
    }
    double[] near = {-3 * sigma, 1 + 5 * sigma};
    double[] windowed = new double[1001];
    double[] direct = new double[1001];
    GaussianSmoother.accumulate(grid, near, new double[] {1, 2}, 2, 1, sigma, windowed);
    DirectGaussianSums.accumulate(grid, near, new double[] {1, 2}, 2, 1, sigma, direct);
    for (int j = 0; j < 1001; j++) {
      double bound = 3e-13 * direct[j] + 2.1e-16 * 3 * INV_SQRT_2PI / sigma;
      assertEquals(direct[j], windowed[j], bound, "point " + j);
    }
    // Left tail at t = 0: exactly exp(-4.5) of the peak (plus the far right node's 2*exp(-..)).
    assertEquals(INV_SQRT_2PI / sigma * Math.exp(-4.5), windowed[0], 1e-13 * windowed[0]);
  }

  private static final double CUT = GaussianSmoother.CUTOFF_SIGMAS;

  @Test
  void countZeroAndZeroWeightsChangeNothing() {
    Grid grid = Grid.linear(-2, 2, 64);
    double[] density = new double[64];
    for (int j = 0; j < 64; j++) {
      density[j] = j * 0.5 - 3;
    }
    double[] before = density.clone();
    double[] nodes = {0, 1, -1};
    GaussianSmoother.accumulate(grid, nodes, new double[] {1, 1, 1}, 0, 1, 0.3, density);
    GaussianSmoother.accumulate(grid, nodes, new double[] {0, 0, 0}, 3, 1, 0.3, density);
    GaussianSmoother.accumulate(grid, nodes, new double[] {1, 1, 1}, 3, 0, 0.3, density);
    GaussianSmoother.accumulate(grid, new double[0], new double[0], 0, 1, 0.3, density);
    assertArrayEquals(before, density);
  }

  /**
   * One unit-weight Gaussian well inside the grid integrates to 1: the trapezoid rule is
   * exponentially accurate for it (error ~ exp(-2 pi^2 sigma^2 / step^2)), so what remains is
   * the window's truncation and rounding.
   */
  @Test
  void unitGaussianIntegratesToOne() {
    for (double sigma : new double[] {0.004, 0.01, 0.05}) {
      Grid grid = Grid.linear(-1, 1.5, 10000);
      double[] density = new double[grid.size()];
      GaussianSmoother.accumulate(grid, new double[] {0.2345}, new double[] {1}, 1, 1, sigma,
          density);
      double integral = 0;
      for (int j = 0; j < density.length; j++) {
        integral += (j == 0 || j == density.length - 1 ? 0.5 : 1) * density[j];
      }
      integral *= grid.step();
      assertEquals(1, integral, 1e-12, "sigma " + sigma);
    }
  }

  /** A node that sits exactly on a grid point peaks there at scale*w/(sigma sqrt(2 pi)). */
  @Test
  void peakHeightIsTheClosedForm() {
    Grid grid = Grid.linear(0, 10, 1001);
    double[] density = new double[1001];
    double sigma = 0.125;
    GaussianSmoother.accumulate(grid, new double[] {grid.point(400)}, new double[] {0.7}, 1, 0.1,
        sigma, density);
    double peak = 0.07 / (sigma * Math.sqrt(2 * Math.PI));
    assertEquals(peak, density[400], 1e-13 * peak);
    // Symmetric neighbours: exp(-(k*0.01/0.125)^2/2).
    for (int k = 1; k < 100; k += 7) {
      double z = k * grid.step() / sigma;
      double expected = peak * Math.exp(-0.5 * z * z);
      assertEquals(expected, density[400 + k], 2e-13 * peak, "offset +" + k);
      assertEquals(expected, density[400 - k], 2e-13 * peak, "offset -" + k);
    }
  }

  @Test
  void argumentErrorsNameTheArgumentAndLeaveDensityUnchanged() {
    Grid g = Grid.linear(0, 1, 8);
    double[] x = {0.5, 0.2};
    double[] w = {0.5, 0.5};
    double[] d = new double[8];
    expect("grid", () -> GaussianSmoother.accumulate(null, x, w, 2, 1, 0.1, d));
    expect("nodes", () -> GaussianSmoother.accumulate(g, null, w, 2, 1, 0.1, d));
    expect("weights", () -> GaussianSmoother.accumulate(g, x, null, 2, 1, 0.1, d));
    expect("density", () -> GaussianSmoother.accumulate(g, x, w, 2, 1, 0.1, null));
    expect("count", () -> GaussianSmoother.accumulate(g, x, w, -1, 1, 0.1, d));
    expect("count", () -> GaussianSmoother.accumulate(g, x, w, 3, 1, 0.1, d));
    expect("count", () -> GaussianSmoother.accumulate(g, x, new double[1], 2, 1, 0.1, d));
    expect("sigma", () -> GaussianSmoother.accumulate(g, x, w, 2, 1, 0, d));
    expect("sigma", () -> GaussianSmoother.accumulate(g, x, w, 2, 1, -0.1, d));
    expect("sigma", () -> GaussianSmoother.accumulate(g, x, w, 2, 1, Double.NaN, d));
    expect("sigma", () -> GaussianSmoother.accumulate(g, x, w, 2, 1, Double.POSITIVE_INFINITY,
        d));
    expect("sigma", () -> GaussianSmoother.accumulate(g, x, w, 2, 1, 1e-310, d));
    expect("scale", () -> GaussianSmoother.accumulate(g, x, w, 2, Double.NaN, 0.1, d));
    expect("density", () -> GaussianSmoother.accumulate(g, x, w, 2, 1, 0.1, new double[7]));
    expect("nodes[1] = NaN",
        () -> GaussianSmoother.accumulate(g, new double[] {0, Double.NaN}, w, 2, 1, 0.1, d));
    expect("nodes[0] = Infinity", () -> GaussianSmoother.accumulate(g,
        new double[] {Double.POSITIVE_INFINITY, 0}, w, 2, 1, 0.1, d));
    expect("weights[1] = NaN",
        () -> GaussianSmoother.accumulate(g, x, new double[] {1, Double.NaN}, 2, 1, 0.1, d));
    expect("weights[0] = -Infinity", () -> GaussianSmoother.accumulate(g, x,
        new double[] {Double.NEGATIVE_INFINITY, 1}, 2, 1, 0.1, d));
    assertArrayEquals(new double[8], d);
    // A NaN beyond count is not read.
    GaussianSmoother.accumulate(g, new double[] {0.5, Double.NaN}, w, 1, 1, 0.1, d);
    assertTrue(d[4] > 0);
  }

  private static void expect(String fragment, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should name " + fragment);
  }

  /**
   * |windowed - direct| <= 3e-13 * sum_k |p_k g_k(t)| (recurrence and summation) + 2.1e-16 *
   * sum_k |p_k| (truncation) + 1.3 u (max|t| + max|x|)/sigma * sum_k |p_k| (grid rounding).
   */
  static void assertWithinBound(
      Grid grid, double[] nodes, double[] weights, int count, double scale, double sigma,
      double[] windowed, double[] direct, String what) {
    double[] abs = new double[weights.length];
    double sumPeaks = 0;
    double maxX = 0;
    for (int k = 0; k < count; k++) {
      abs[k] = Math.abs(weights[k]);
      sumPeaks += Math.abs(scale) * abs[k] * INV_SQRT_2PI / sigma;
      maxX = Math.max(maxX, Math.abs(nodes[k]));
    }
    double[] magnitude = new double[grid.size()];
    DirectGaussianSums.accumulate(grid, nodes, abs, count, Math.abs(scale), sigma, magnitude);
    double maxT = Math.max(Math.abs(grid.first()), Math.abs(grid.last()));
    double global = 2.1e-16 * sumPeaks + 1.3 * U * (maxT + maxX) / sigma * sumPeaks;
    for (int j = 0; j < grid.size(); j++) {
      double bound = 3e-13 * magnitude[j] + global;
      assertTrue(Math.abs(windowed[j] - direct[j]) <= bound, what + ", point " + j + ": windowed "
          + windowed[j] + " direct " + direct[j] + " bound " + bound);
    }
  }

  /** Nodes of one run spread over [a, b] (uniform, two clusters, or bulk plus outliers). */
  static void fillRun(SplittableRandom rnd, double a, double b, double[] nodes, double[] w,
      int shape) {
    int n = nodes.length;
    double sum = 0;
    for (int k = 0; k < n; k++) {
      double u = switch (shape) {
        case 0 -> rnd.nextDouble();
        case 1 -> (k % 2 == 0 ? 0.1 : 0.7) + 0.05 * rnd.nextGaussian();
        default -> k < n - 4 ? Math.abs(0.02 * rnd.nextGaussian()) : rnd.nextDouble();
      };
      nodes[k] = a + Math.min(1, Math.max(0, u)) * (b - a);
      w[k] = -Math.log(rnd.nextDouble());  // Dirichlet(1,...,1) after normalization
      sum += w[k];
    }
    nodes[0] = a;
    nodes[n - 1] = b;
    for (int k = 0; k < n; k++) {
      w[k] /= sum;
    }
  }

  static double max(double[] v) {
    double m = 0;
    for (double d : v) {
      m = Math.max(m, Math.abs(d));
    }
    return m;
  }

  static double maxAbsDiff(double[] x, double[] y) {
    double m = 0;
    for (int i = 0; i < x.length; i++) {
      m = Math.max(m, Math.abs(x[i] - y[i]));
    }
    return m;
  }
}
