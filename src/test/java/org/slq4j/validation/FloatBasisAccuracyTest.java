package org.slq4j.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slq4j.BasisPrecision;
import org.slq4j.Reorthogonalization;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.operators.DiagonalOperator;

/**
 * The estimator end to end with a float basis, against the exact spectrum of a small operator
 * whose eigenvalues are known by construction.
 */
class FloatBasisAccuracyTest {

  /**
   * A diagonal operator (n = 1500: a bulk, a cluster and isolated outliers), 10 runs of 80
   * steps from the same probes with each basis precision: W1 to the exact spectrum is within 1%
   * of the double-basis W1 (the float basis perturbs each Ritz value by about 1e-7 relative,
   * the probes' randomness decides W1), on one thread and on two.
   */
  @Test
  void floatBasisIsAsAccurateAsDoubleBasis() {
    int n = 1500;
    Random random = new Random(4);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i < 5 ? 10 + 3 * i : i < 200 ? 4 + 0.01 * random.nextGaussian()
          : random.nextDouble() * random.nextDouble();
    }
    double[] exact = d.clone();
    Arrays.sort(exact);
    try (DiagonalOperator op = DiagonalOperator.of(d)) {
      for (int threads : new int[] {1, 2}) {
        double w64 = w1(exact, estimate(op, BasisPrecision.FLOAT64, threads));
        SpectralDensity f32 = estimate(op, BasisPrecision.FLOAT32, threads);
        double w32 = w1(exact, f32);
        assertEquals(w64, w32, 0.01 * w64, threads + " threads: W1 float32 vs float64");
        assertTrue(w32 < 0.05, "W1 " + w32);
        assertEquals(10, f32.numRuns());
      }
    }
  }

  @Test
  void localReorthogonalizationRefusesAFloatBasis() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SpectralDensityEstimator.builder().reorthogonalization(Reorthogonalization.LOCAL)
            .basisPrecision(BasisPrecision.FLOAT32).build());
    assertTrue(e.getMessage().startsWith(
        "basisPrecision FLOAT32 is supported with Reorthogonalization.FULL only"), e.getMessage());
  }

  private static SpectralDensity estimate(DiagonalOperator op, BasisPrecision precision,
      int threads) {
    return SpectralDensityEstimator.builder().numRuns(10).lanczosSteps(80).seed(3)
        .threads(threads).basisPrecision(precision).build().estimate(op);
  }

  private static double w1(double[] exact, SpectralDensity d) {
    return ReorthogonalizationValidation.w1(exact, d);
  }
}
