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
 * The SYMLOG10 grid on the two indefinite network Hessians against their exact spectra mapped
 * through the same s(t) = sign(t) log10(1 + |t| / c): W1 in s space divided by the s width, for
 * the Gauss nodes mapped to s and for the SYMLOG10 density as returned on its grid, over the
 * independent seeds 0, 10, .., 90 at 80 and 300 steps. The linear zone c is fixed per matrix
 * (near the default rule's value at 80 steps) so that the figures compare across step counts.
 *
 * <p>What must hold: the density as returned is as close to the truth as its nodes are, up to
 * its smoothing (within 1.3x plus 0.002 of the width); more steps bring both closer.
 */
class SymlogValidation {

  private static final long[] SEEDS = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90};

  @Test
  void symlogGridFollowsTheExactSpectrumOfIndefiniteHessians() throws IOException {
    check("mlp_digits_init", 1e-4);
    check("mlp_digits_trained", 1e-7);
  }

  private static void check(String stem, double c) throws IOException {
    Path dir = SharedData.directory().resolve("hessians");
    double[] exact = SpectralDistance.readColumn(dir.resolve(stem + ".eigenvalues.txt"));
    double[] sExact = Arrays.stream(exact).map(t -> s(t, c)).toArray();
    int[] steps = {80, 300};
    double[] nodeMean = new double[steps.length];
    double[] densityMean = new double[steps.length];
    try (LoadedMatrix m = MatrixFiles.load(dir.resolve(stem + ".npy"))) {
      for (int k = 0; k < steps.length; k++) {
        double[] nodeW1 = new double[SEEDS.length];
        double[] densityW1 = new double[SEEDS.length];
        for (int i = 0; i < SEEDS.length; i++) {
          SpectralDensity d = SpectralDensityEstimator.builder().gridScale(GridScale.SYMLOG10)
              .symlogLinearZone(c).lanczosSteps(steps[k]).seed(SEEDS[i]).build()
              .estimate(m.operator());
          assertEquals(1.0, d.integral(), 1e-6);
          double[][] x = new double[d.numRuns()][];
          double[][] w = new double[d.numRuns()][];
          for (int r = 0; r < d.numRuns(); r++) {
            x[r] = Arrays.stream(d.nodes(r)).map(t -> s(t, c)).toArray();
            w[r] = d.weights(r);
          }
          nodeW1[i] = SpectralDistance.relativeW1(sExact, x, w);
          densityW1[i] = SpectralDistance.relativeW1OfDensity(sExact, d.grid(), d.density());
          assertTrue(densityW1[i] <= 1.3 * nodeW1[i] + 0.002, stem + " seed " + SEEDS[i]
              + ", " + steps[k] + " steps: density " + densityW1[i] + ", nodes " + nodeW1[i]);
        }
        nodeMean[k] = mean(nodeW1);
        densityMean[k] = mean(densityW1);
        System.out.printf(Locale.ROOT, "%s SYMLOG10 c = %.0e, %d steps, seeds 0,10..90: W1 in "
            + "s space / s width: nodes %.4f +- %.4f, density on its grid %.4f +- %.4f%n",
            stem, c, steps[k], nodeMean[k], stdErr(nodeW1), densityMean[k],
            stdErr(densityW1));
      }
    }
    assertTrue(nodeMean[1] < nodeMean[0], stem + ": more steps resolve more (nodes) "
        + Arrays.toString(nodeMean));
    assertTrue(densityMean[1] < densityMean[0], stem + ": more steps resolve more (density) "
        + Arrays.toString(densityMean));
  }

  /** The symmetric log, written out here independently of the library's transform. */
  private static double s(double t, double c) {
    return Math.signum(t) * Math.log10(1 + Math.abs(t) / c);
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElseThrow();
  }

  private static double stdErr(double[] v) {
    double m = mean(v);
    double ss = Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
    return Math.sqrt(ss / (v.length - 1) / v.length);
  }
}
