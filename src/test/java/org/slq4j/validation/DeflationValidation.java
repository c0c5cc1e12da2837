package org.slq4j.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slq4j.SharedData;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.SymmetricOperator;
import org.slq4j.VarianceReduction;
import org.slq4j.internal.eigen.DenseEigenvalues;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;
import org.slq4j.operators.DenseSymmetricOperator;

/**
 * Accuracy per product of deflation: on the shared matrices with exact spectra, the mean W1 of
 * DEFLATE over ten independent estimates (seeds 0..9; distinct seeds share no probe) is
 * below classic SLQ's at the same budget of 10 runs x 80 steps; and on matrices without
 * outliers (GOE and Wishart, n = 1000) AUTO is classic bit for bit and DEFLATE is not worse
 * than classic beyond two standard errors of the difference.
 *
 * <p>Printed per matrix: both means with their standard errors, the ratio of each to the
 * reference library's expected W1 (mean over 1000 independent estimates, shared README), and
 * the products used.
 */
class DeflationValidation {

  private static final int SEEDS = 10;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "hessians/mlp_digits_trained.npy, hessians/mlp_digits_trained.eigenvalues.txt, 6.15e-4",
      "hessians/mlp_digits_init.npy, hessians/mlp_digits_init.eigenvalues.txt, 1.528e-3",
      "suitesparse/1138_bus.mtx, suitesparse/1138_bus.eigenvalues.txt, 1.149e-3",
      "suitesparse/bcsstk13.mtx, suitesparse/bcsstk13.eigenvalues.txt, 5.51e-4"})
  void deflationBeatsClassicAtEqualProducts(String matrix, String eigenvalues,
      double reference) throws IOException {
    Path dir = SharedData.directory();
    double[] exact = SpectralDistance.readColumn(dir.resolve(eigenvalues));
    try (LoadedMatrix m = MatrixFiles.load(dir.resolve(matrix))) {
      assertEquals(exact.length, m.dimension());
      Stats classic = measure(m.operator(), exact, VarianceReduction.NONE);
      Stats deflate = measure(m.operator(), exact, VarianceReduction.DEFLATE);
      Stats auto = measure(m.operator(), exact, VarianceReduction.AUTO);
      report(matrix, reference, classic, deflate, auto);
      assertTrue(deflate.mean < classic.mean, matrix + ": DEFLATE " + deflate.mean
          + " vs classic " + classic.mean);
      // The target per matrix: at most 0.9 of the reference library's expected W1, with the
      // estimate's own standard error as allowance (the reference's is 1/30 of it).
      assertTrue(deflate.mean - 2 * deflate.se <= 0.9 * reference, matrix + ": DEFLATE "
          + deflate.mean + " +- " + deflate.se + " vs 0.9 x reference " + 0.9 * reference);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"GOE n=1000", "Wishart n=1000 m=2000"})
  void noOutliersNoLoss(String ensemble) {
    double[][] a = ensemble.startsWith("GOE") ? goe(1000, 2026) : wishart(1000, 2000, 2026);
    double[] exact = DenseEigenvalues.of(a);
    try (DenseSymmetricOperator op = DenseSymmetricOperator.of(a)) {
      Stats classic = measure(op, exact, VarianceReduction.NONE);
      Stats deflate = measure(op, exact, VarianceReduction.DEFLATE);
      Stats auto = measure(op, exact, VarianceReduction.AUTO);
      report(ensemble, Double.NaN, classic, deflate, auto);
      // AUTO's probe is run 0 itself: seeing no outlier it loses no product, so its estimate
      // is classic's, bit for bit.
      assertEquals(0, auto.deflatedRuns, "AUTO deflated a spectrum without outliers");
      assertEquals(classic.mean, auto.mean, 0.0, "AUTO vs classic");
      assertTrue(deflate.mean <= classic.mean + 2 * Math.hypot(deflate.se, classic.se),
          "DEFLATE " + deflate.mean + " vs classic " + classic.mean);
    }
  }

  /**
   * A Wishart matrix X X' / m, X n x m with independent standard normal entries: a
   * Marchenko-Pastur bulk on [(1 - sqrt(n/m))^2, (1 + sqrt(n/m))^2] without outliers.
   */
  static double[][] wishart(int n, int m, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] x = new double[n][m];
    for (double[] row : x) {
      for (int j = 0; j < m; j++) {
        row[j] = gaussian(random);
      }
    }
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k <= i; k++) {
        double s = 0;
        for (int j = 0; j < m; j++) {
          s += x[i][j] * x[k][j];
        }
        a[i][k] = s / m;
        a[k][i] = s / m;
      }
    }
    return a;
  }

  /** A GOE matrix: symmetric, independent normal entries of variance 1/n off the diagonal. */
  static double[][] goe(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] a = new double[n][n];
    double scale = 1 / Math.sqrt(n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double g = gaussian(random) * scale * (i == j ? Math.sqrt(2) : 1);
        a[i][j] = g;
        a[j][i] = g;
      }
    }
    return a;
  }

  private static double gaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }

  private record Stats(double mean, double se, long matvecs, int deflatedRuns,
      int deflatedPairs) {}

  private static Stats measure(SymmetricOperator op, double[] exact, VarianceReduction mode) {
    double[] w1 = new double[SEEDS];
    long matvecs = 0;
    int deflatedRuns = 0;
    int pairs = 0;
    for (int s = 0; s < SEEDS; s++) {
      SpectralDensity d = SpectralDensityEstimator.builder().seed(s)
          .varianceReduction(mode).build().estimate(op);
      double[][] x = new double[d.numRuns()][];
      double[][] w = new double[d.numRuns()][];
      for (int r = 0; r < d.numRuns(); r++) {
        x[r] = d.nodes(r);
        w[r] = d.weights(r);
      }
      w1[s] = SpectralDistance.relativeW1(exact, x, w);
      matvecs = Math.max(matvecs, d.matvecs());
      assertTrue(d.matvecs() <= 10 * 80 + 2, "matvecs " + d.matvecs());
      if (d.varianceReduction() == VarianceReduction.DEFLATE) {
        deflatedRuns++;
        pairs += d.deflatedEigenvalues().length;
      }
    }
    double mean = 0;
    for (double v : w1) {
      mean += v / SEEDS;
    }
    double ss = 0;
    for (double v : w1) {
      ss += (v - mean) * (v - mean);
    }
    double se = Math.sqrt(ss / (SEEDS - 1) / SEEDS);
    return new Stats(mean, se, matvecs, deflatedRuns, pairs);
  }

  private static void report(String matrix, double reference, Stats classic, Stats deflate,
      Stats auto) {
    System.out.printf(Locale.ROOT, "%s: W1 over seeds 0..9, 10 runs x 80 steps budget%n"
        + "  classic %.3e +- %.2e (%.2fx reference), %d products%n"
        + "  deflate %.3e +- %.2e (%.2fx reference, %.2fx classic), %d products, "
        + "%.1f pairs deflated%n"
        + "  auto    %.3e +- %.2e (%.2fx reference), deflated in %d of %d%n",
        matrix, classic.mean, classic.se, classic.mean / reference, classic.matvecs,
        deflate.mean, deflate.se, deflate.mean / reference, deflate.mean / classic.mean,
        deflate.matvecs, (double) deflate.deflatedPairs / Math.max(1, deflate.deflatedRuns),
        auto.mean, auto.se, auto.mean / reference, auto.deflatedRuns, SEEDS);
  }
}
