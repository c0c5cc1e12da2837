package org.slq4j.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slq4j.BasisPrecision;
import org.slq4j.SharedData;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.internal.lanczos.BasisOrthogonality;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;

/**
 * Accuracy of a float basis against exact spectra (../shared/data): the mean relative W1 over
 * ten independent estimates (seeds 0, 10, ..., 90, as {@link ReorthogonalizationValidation}),
 * FULL reorthogonalization with each basis precision from the same probes, defaults otherwise
 * (10 runs x 80 steps). The test bounds the mean of the per-seed ratios W1(FLOAT32) /
 * W1(FLOAT64) by 1.05 and prints both means with their standard errors; it also prints the
 * loss of orthogonality max |V^T V - I| of one run's basis with each precision.
 */
class FloatBasisValidation {

  private static final int SEEDS = 10;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hessians/mlp_digits_trained", "hessians/mlp_digits_init",
      "suitesparse/1138_bus", "suitesparse/bcsstk13"})
  void floatBasisIsAsAccurateAsDoubleBasis(String stem) throws IOException {
    Path dir = SharedData.directory();
    double[] exact = SpectralDistance.readColumn(dir.resolve(stem + ".eigenvalues.txt"));
    Path matrix = dir.resolve(stem + (stem.startsWith("hessians") ? ".npy" : ".mtx"));
    double[] w64 = new double[SEEDS];
    double[] w32 = new double[SEEDS];
    double[] ratio = new double[SEEDS];
    try (LoadedMatrix m = MatrixFiles.load(matrix)) {
      assertEquals(exact.length, m.dimension());
      for (int s = 0; s < SEEDS; s++) {
        w64[s] = ReorthogonalizationValidation.w1(exact, estimate(m, s, BasisPrecision.FLOAT64));
        w32[s] = ReorthogonalizationValidation.w1(exact, estimate(m, s, BasisPrecision.FLOAT32));
        ratio[s] = w32[s] / w64[s];
      }
    }
    double meanRatio = ReorthogonalizationValidation.mean(ratio);
    System.out.println(String.format(Locale.ROOT, "%s: mean W1 (+- s.e.) over seeds 0, 10, .., "
        + "90: FLOAT64 %.4e +- %.2e, FLOAT32 %.4e +- %.2e, ratio FLOAT32/FLOAT64 %.6f +- %.1e",
        stem, ReorthogonalizationValidation.mean(w64),
        ReorthogonalizationValidation.standardError(w64), ReorthogonalizationValidation.mean(w32),
        ReorthogonalizationValidation.standardError(w32), meanRatio,
        ReorthogonalizationValidation.standardError(ratio)));
    assertTrue(meanRatio <= 1.05, stem + ": mean W1 ratio FLOAT32 / FLOAT64 " + meanRatio);
  }

  /**
   * One run of 80 steps on bcsstk13 (n = 2003, condition number about 1e10) and on the trained
   * Hessian: max |V^T V - I| of the float basis at the level of float rounding (below 1e-6),
   * of the double basis at double rounding (below 1e-12).
   */
  @Test
  void lossOfOrthogonalityOnSharedMatrices() throws IOException {
    Path dir = SharedData.directory();
    for (String file : new String[] {"suitesparse/bcsstk13.mtx",
        "hessians/mlp_digits_trained.npy"}) {
      try (LoadedMatrix m = MatrixFiles.load(dir.resolve(file))) {
        double loss32 = BasisOrthogonality.loss(m.operator(), 0, 80, BasisPrecision.FLOAT32);
        double loss64 = BasisOrthogonality.loss(m.operator(), 0, 80, BasisPrecision.FLOAT64);
        System.out.println(String.format(Locale.ROOT, "%s (n = %d), 80 steps, seed 0: max "
            + "|V'V - I| FLOAT32 %.2e, FLOAT64 %.2e", file, m.dimension(), loss32, loss64));
        assertTrue(loss32 < 1e-6, file + ": FLOAT32 " + loss32);
        assertTrue(loss64 < 1e-12, file + ": FLOAT64 " + loss64);
      }
    }
  }

  private static SpectralDensity estimate(LoadedMatrix m, int seed, BasisPrecision precision) {
    return SpectralDensityEstimator.builder().seed(10L * seed).basisPrecision(precision).build()
        .estimate(m.operator());
  }
}
