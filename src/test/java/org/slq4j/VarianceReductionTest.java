package org.slq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.slq4j.operators.DiagonalOperator;

/**
 * The estimator's variance reduction: the budget it keeps, the exact eigenvalues a deflated
 * estimate counts, its weights, and AUTO's choice.
 */
class VarianceReductionTest {

  private static final int N = 1000;
  private static final int OUTLIERS = 25;

  /**
   * A bulk spread evenly over [0, 1] and OUTLIERS eigenvalues 2, 3, .., OUTLIERS + 1 above it,
   * in a scrambled order so no eigenvector is a leading coordinate vector.
   */
  private static DiagonalOperator withOutliers() {
    double[] d = new double[N];
    for (int i = 0; i < N; i++) {
      d[(int) ((i * 379L) % N)] = i < OUTLIERS ? OUTLIERS + 1 - i : (double) i / N;
    }
    return DiagonalOperator.of(d);
  }

  private static DiagonalOperator flat() {
    double[] d = new double[N];
    for (int i = 0; i < N; i++) {
      d[i] = Math.sin(0.37 * i);
    }
    return DiagonalOperator.of(d);
  }

  private static SpectralDensity estimate(SymmetricOperator op, VarianceReduction mode) {
    return SpectralDensityEstimator.builder().varianceReduction(mode).numGridPoints(500)
        .build().estimate(op);
  }

  @Test
  void noneIsTheDefault() {
    assertEquals(VarianceReduction.NONE,
        SpectralDensityEstimator.withDefaults().options().varianceReduction());
    assertThrows(NullPointerException.class,
        () -> SpectralDensityEstimator.builder().varianceReduction(null));
  }

  @Test
  void noneIsClassicBitForBit() {
    try (DiagonalOperator op = withOutliers()) {
      SpectralDensity classic = SpectralDensityEstimator.builder().numGridPoints(500).build()
          .estimate(op);
      SpectralDensity none = estimate(op, VarianceReduction.NONE);
      assertEquals(VarianceReduction.NONE, none.varianceReduction());
      assertEquals(0, none.deflatedEigenvalues().length);
      for (int r = 0; r < classic.numRuns(); r++) {
        assertArrayEquals(classic.nodes(r), none.nodes(r));
        assertArrayEquals(classic.weights(r), none.weights(r));
        assertEquals(80, none.steps(r));
      }
      assertArrayEquals(classic.density(), none.density());
      assertEquals(10 * 80 + 2, none.matvecs());
    }
  }

  @Test
  void deflationStaysWithinTheBudget() {
    try (DiagonalOperator op = withOutliers()) {
      for (VarianceReduction mode : VarianceReduction.values()) {
        for (int[] shape : new int[][] {{10, 80}, {3, 50}, {1, 200}, {2, 5}}) {
          SpectralDensity d = SpectralDensityEstimator.builder().numRuns(shape[0])
              .lanczosSteps(shape[1]).numGridPoints(200).varianceReduction(mode).build()
              .estimate(op);
          long budget = (long) shape[0] * shape[1];
          assertTrue(d.matvecs() <= budget + 2, mode + " " + Arrays.toString(shape) + ": "
              + d.matvecs() + " products");
          assertTrue(d.matvecs() > budget * 0.9, mode + " uses its budget: " + d.matvecs());
        }
      }
    }
  }

  @Test
  void deflatedNodesAreExactEigenvalues() {
    try (DiagonalOperator op = withOutliers()) {
      SpectralDensity d = estimate(op, VarianceReduction.DEFLATE);
      assertEquals(VarianceReduction.DEFLATE, d.varianceReduction());
      double[] deflated = d.deflatedEigenvalues();
      // Every outlier converges within the pre-pass; the top of the bulk may follow.
      assertTrue(deflated.length >= OUTLIERS, "deflated " + deflated.length);
      for (int k = 0; k < OUTLIERS; k++) {
        double exact = k + 2;
        double value = deflated[deflated.length - OUTLIERS + k];
        assertEquals(exact, value, 1e-8 * exact, "deflated eigenvalue " + exact);
      }
      // A deflated bulk eigenvalue is within its residual (<= 1e-6 ||H||) of an eigenvalue.
      for (int k = 0; k < deflated.length - OUTLIERS; k++) {
        double nearest = Math.rint(deflated[k] * N) / N;
        assertEquals(nearest, deflated[k], 1e-6 * (OUTLIERS + 1), "bulk value " + deflated[k]);
      }
      for (int r = 0; r < d.numRuns(); r++) {
        double[] x = d.nodes(r);
        double[] w = d.weights(r);
        assertEquals(x.length, d.steps(r) + deflated.length);
        for (int k = 1; k < x.length; k++) {
          assertTrue(x[k - 1] <= x[k], "nodes ascending");
        }
        for (double value : deflated) {
          int at = Arrays.binarySearch(x, value);
          assertTrue(at >= 0, "run " + r + " holds " + value);
          assertEquals(1.0 / N, w[at], 0.0);
        }
      }
    }
  }

  @Test
  void everyRunsWeightsSumToOne() {
    try (DiagonalOperator op = withOutliers()) {
      for (VarianceReduction mode : VarianceReduction.values()) {
        SpectralDensity d = estimate(op, mode);
        for (int r = 0; r < d.numRuns(); r++) {
          assertEquals(1.0, Arrays.stream(d.weights(r)).sum(), 1e-12, mode + " run " + r);
        }
        assertEquals(1.0, d.integral(), 1e-6);
      }
    }
  }

  @Test
  void deflatedRunsSeeOnlyTheBulk() {
    try (DiagonalOperator op = withOutliers()) {
      SpectralDensity d = estimate(op, VarianceReduction.DEFLATE);
      double[] deflated = d.deflatedEigenvalues();
      for (int r = 0; r < d.numRuns(); r++) {
        double[] x = d.nodes(r);
        double[] w = d.weights(r);
        double run = 0;
        for (int k = 0; k < x.length; k++) {
          if (Arrays.binarySearch(deflated, x[k]) < 0) {
            // The deflated operator's spectrum is the bulk [0, 1] (and zeros, never reached).
            assertTrue(x[k] > -1e-9 && x[k] < 1 + 1e-9, "run " + r + " node " + x[k]);
            run += w[k];
          }
        }
        assertEquals((double) (N - deflated.length) / N, run, 1e-12, "run " + r);
      }
    }
  }

  @Test
  void autoDeflatesOutliers() {
    try (DiagonalOperator op = withOutliers()) {
      SpectralDensity d = estimate(op, VarianceReduction.AUTO);
      assertEquals(VarianceReduction.DEFLATE, d.varianceReduction());
      assertTrue(d.deflatedEigenvalues().length > 0);
    }
  }

  @Test
  void withoutOutliersEveryModeIsClassicBitForBit() {
    try (DiagonalOperator op = flat()) {
      SpectralDensity classic = estimate(op, VarianceReduction.NONE);
      for (VarianceReduction mode : new VarianceReduction[] {VarianceReduction.AUTO,
          VarianceReduction.DEFLATE}) {
        // Run 0 is the probe: no converged Ritz value at the top, so nothing is spent on a
        // pre-pass and the estimate is classic SLQ with every product.
        SpectralDensity d = estimate(op, mode);
        assertEquals(VarianceReduction.NONE, d.varianceReduction(), mode.toString());
        assertEquals(0, d.deflatedEigenvalues().length);
        assertEquals(classic.matvecs(), d.matvecs(), mode.toString());
        for (int r = 0; r < d.numRuns(); r++) {
          assertArrayEquals(classic.nodes(r), d.nodes(r), mode + " run " + r);
          assertArrayEquals(classic.weights(r), d.weights(r), mode + " run " + r);
        }
        assertArrayEquals(classic.density(), d.density(), mode.toString());
      }
    }
  }

  @Test
  void autoLeavesAnEigenvalueThatDoesNotStandApart() {
    // A bulk evenly over [0, 1] and one eigenvalue at 1.05: it converges within run 0's 80
    // steps, but lies 5% of ||H|| above the bulk, short of AUTO's 10%.
    double[] d = new double[N];
    for (int i = 0; i < N; i++) {
      d[(int) ((i * 379L) % N)] = i == 0 ? 1.05 : (double) i / N;
    }
    try (DiagonalOperator op = DiagonalOperator.of(d)) {
      SpectralDensity classic = estimate(op, VarianceReduction.NONE);
      SpectralDensity auto = estimate(op, VarianceReduction.AUTO);
      assertEquals(VarianceReduction.NONE, auto.varianceReduction());
      assertArrayEquals(classic.density(), auto.density());
      assertEquals(classic.matvecs(), auto.matvecs());
      SpectralDensity deflate = estimate(op, VarianceReduction.DEFLATE);
      assertEquals(VarianceReduction.DEFLATE, deflate.varianceReduction());
      double[] values = deflate.deflatedEigenvalues();
      assertEquals(1.05, values[values.length - 1], 1e-8);
      assertTrue(deflate.matvecs() <= 10 * 80 + 2, "products " + deflate.matvecs());
    }
  }

  @Test
  void progressCoversTheWholeEstimateOnce() {
    try (DiagonalOperator op = withOutliers()) {
      for (VarianceReduction mode : VarianceReduction.values()) {
        java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger runs =
            new java.util.concurrent.atomic.AtomicInteger();
        SpectralDensityEstimator.builder().varianceReduction(mode).numGridPoints(200).threads(1)
            .build().estimate(op, (steps, total, runsDone, runsTotal) -> {
              assertEquals(800, total, mode.toString());
              assertEquals(10, runsTotal, mode.toString());
              assertTrue(steps >= last.get() && steps <= total, mode + ": " + steps);
              assertTrue(runsDone >= runs.get() && runsDone <= runsTotal, mode + ": " + runsDone);
              last.set(steps);
              runs.set(runsDone);
            });
        assertEquals(10, runs.get(), mode.toString());
      }
    }
  }

  @Test
  void autoOnAFlatSpectrumIsClassic() {
    try (DiagonalOperator op = flat()) {
      SpectralDensity d = estimate(op, VarianceReduction.AUTO);
      assertEquals(VarianceReduction.NONE, d.varianceReduction());
      assertEquals(0, d.deflatedEigenvalues().length);
      assertTrue(d.matvecs() <= 10 * 80 + 2);
      for (int r = 0; r < d.numRuns(); r++) {
        assertEquals(d.steps(r), d.nodes(r).length);
      }
    }
  }
}
