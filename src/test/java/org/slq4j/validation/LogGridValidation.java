package org.slq4j.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slq4j.GridScale;
import org.slq4j.SharedData;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;

/**
 * The LOG10 grid on bcsstk13 (eigenvalues 2.8e2 .. 3.1e12, condition 1e10): the density of
 * log10(lambda) against the exact one, measured by W1 in log10 space divided by the log10 width.
 *
 * <p>Gauss nodes follow the linear measure, so with 80 steps the lower decades (where most of
 * the eigenvalues are) get few nodes and heavy weights; the figure shows how many steps resolve
 * them. Every number is printed; the bounds are the ones measured here with some slack.
 */
class LogGridValidation {

  static double logW1(double[] exact, SpectralDensity d) {
    double[] logExact = Arrays.stream(exact).map(Math::log10).toArray();
    double[][] x = new double[d.numRuns()][];
    double[][] w = new double[d.numRuns()][];
    for (int r = 0; r < d.numRuns(); r++) {
      x[r] = Arrays.stream(d.nodes(r)).map(Math::log10).toArray();
      w[r] = d.weights(r);
    }
    return SpectralDistance.relativeW1(logExact, x, w);
  }

  @Test
  void logGridResolvesBcsstk13GivenEnoughSteps() throws IOException {
    Path dir = SharedData.directory().resolve("suitesparse");
    double[] exact = SpectralDistance.readColumn(dir.resolve("bcsstk13.eigenvalues.txt"));
    int[] steps = {80, 200, 400, 800};
    double[] mean = new double[steps.length];
    try (LoadedMatrix m = MatrixFiles.load(dir.resolve("bcsstk13.mtx"))) {
      for (int s = 0; s < steps.length; s++) {
        for (int seed = 0; seed < 5; seed++) {
          SpectralDensity d = SpectralDensityEstimator.builder().gridScale(GridScale.LOG10)
              .lanczosSteps(steps[s]).seed(seed).build().estimate(m.operator());
          assertEquals(1.0, d.integral(), 1e-6);
          mean[s] += logW1(exact, d) / 5;
        }
        System.out.printf(Locale.ROOT, "bcsstk13 LOG10 grid, %d steps: mean W1 in log10 space "
            + "over seeds 0..4 = %.4f of the log10 width%n", steps[s], mean[s]);
      }
    }
    for (int s = 1; s < steps.length; s++) {
      assertTrue(mean[s] < mean[s - 1], "more steps resolve more: " + Arrays.toString(mean));
    }
    assertTrue(mean[steps.length - 1] < 0.25 * mean[0], Arrays.toString(mean));
  }
}
