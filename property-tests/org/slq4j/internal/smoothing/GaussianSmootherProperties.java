package org.slq4j.internal.smoothing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Algebraic properties of the windowed Gaussian sums. */
class GaussianSmootherProperties {

  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  /** accumulate(alpha*w1 + beta*w2) = alpha*accumulate(w1) + beta*accumulate(w2). */
  @Property(tries = 60)
  void linearInWeights(@ForAll @LongRange(min = 0, max = 1L << 40) long seed,
      @ForAll @IntRange(min = 2, max = 3000) int size,
      @ForAll @DoubleRange(min = 0.3, max = 400) double sigmaSteps,
      @ForAll @DoubleRange(min = -3, max = 3) double alpha,
      @ForAll @DoubleRange(min = -3, max = 3) double beta) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Grid grid = Grid.linear(-1, 2, size);
    double sigma = sigmaSteps * grid.step();
    int n = 1 + rnd.nextInt(50);
    double[] x = new double[n];
    double[] w1 = new double[n];
    double[] w2 = new double[n];
    double[] w = new double[n];
    for (int k = 0; k < n; k++) {
      x[k] = rnd.nextDouble(-1.5, 2.5);
      w1[k] = rnd.nextDouble();
      w2[k] = rnd.nextDouble();
      w[k] = alpha * w1[k] + beta * w2[k];
    }
    double[] d1 = new double[size];
    double[] d2 = new double[size];
    double[] d = new double[size];
    GaussianSmoother.accumulate(grid, x, w1, n, 1, sigma, d1);
    GaussianSmoother.accumulate(grid, x, w2, n, 1, sigma, d2);
    GaussianSmoother.accumulate(grid, x, w, n, 1, sigma, d);
    double mag = (Math.abs(alpha) + Math.abs(beta)) * n * INV_SQRT_2PI / sigma;
    for (int j = 0; j < size; j++) {
      double expected = alpha * d1[j] + beta * d2[j];
      assertTrue(Math.abs(d[j] - expected) <= 1e-12 * mag,
          "point " + j + ": " + d[j] + " vs " + expected);
    }
  }

  /**
   * Shifting every node by s grid steps shifts the density by s points. Dyadic grid, sigma and
   * nodes make every t_j - x exact, so only the recurrence's rounding differs.
   */
  @Property(tries = 60)
  void translationEquivariant(@ForAll @LongRange(min = 0, max = 1L << 40) long seed,
      @ForAll @IntRange(min = 64, max = 4000) int size,
      @ForAll @IntRange(min = -200, max = 200) int shift,
      @ForAll @IntRange(min = 0, max = 9) int sigmaLog2Steps) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double step = 0x1p-10;
    Grid grid = Grid.linear(0, (size - 1) * step, size);
    double sigma = step * (1 << sigmaLog2Steps) * 0.75;
    int n = 1 + rnd.nextInt(30);
    double[] x = new double[n];
    double[] xs = new double[n];
    double[] w = new double[n];
    for (int k = 0; k < n; k++) {
      x[k] = rnd.nextInt(-100 * 64, (size + 100) * 64) * (step / 64);
      xs[k] = x[k] + shift * step;
      w[k] = rnd.nextDouble();
    }
    double[] d = new double[size];
    double[] ds = new double[size];
    GaussianSmoother.accumulate(grid, x, w, n, 1, sigma, d);
    GaussianSmoother.accumulate(grid, xs, w, n, 1, sigma, ds);
    double sumPeaks = 0;
    for (double v : w) {
      sumPeaks += v * INV_SQRT_2PI / sigma;
    }
    for (int j = Math.max(0, -shift); j < Math.min(size, size - shift); j++) {
      double tol = 5e-13 * d[j] + 2.1e-16 * sumPeaks;
      assertTrue(Math.abs(ds[j + shift] - d[j]) <= tol,
          "point " + j + " shift " + shift + ": " + ds[j + shift] + " vs " + d[j]);
    }
  }

  /** The documented error bound against the direct evaluation, over random configurations. */
  @Property(tries = 80)
  void withinTheErrorBoundOfDirect(@ForAll @LongRange(min = 0, max = 1L << 40) long seed,
      @ForAll @IntRange(min = 2, max = 5000) int size,
      @ForAll @DoubleRange(min = -12, max = 8) double logSigmaSteps,
      @ForAll @DoubleRange(min = -4, max = 4) double center) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Grid grid = Grid.linear(center - 1, center + 1, size);
    double sigma = grid.step() * Math.exp(logSigmaSteps);
    int n = rnd.nextInt(80);
    double[] x = new double[n];
    double[] w = new double[n];
    for (int k = 0; k < n; k++) {
      x[k] = center + rnd.nextDouble(-1.3, 1.3);
      w[k] = rnd.nextDouble();
    }
    double[] windowed = new double[size];
    double[] direct = new double[size];
    GaussianSmoother.accumulate(grid, x, w, n, 0.1, sigma, windowed);
    DirectGaussianSums.accumulate(grid, x, w, n, 0.1, sigma, direct);
    GaussianSmootherTest.assertWithinBound(grid, x, w, n, 0.1, sigma, windowed, direct,
        "seed " + seed);
  }
}
