package org.slq4j.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slq4j.SharedData;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;

/**
 * Accuracy on real matrices with exact spectra (../shared/data): the mean over seeds 0..9 of the
 * relative W1 distance between the exact spectral CDF and ours, with the defaults (10 runs x 80
 * steps), against the mean the reference library hessian_eigenthings reached over seeds 0..19.
 *
 * <p>W1 spreads 20-35% of its mean from seed to seed, so a mean of 10 seeds has a standard error
 * of about 10%; the bound 1.5x the reference mean is ~5 standard errors above an implementation
 * as accurate as the reference, and fixed seeds make the test deterministic.
 */
class SharedDataAccuracyTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "hessians/mlp_digits_trained.npy, hessians/mlp_digits_trained.eigenvalues.txt, 6.3e-4",
      "hessians/mlp_digits_init.npy, hessians/mlp_digits_init.eigenvalues.txt, 1.63e-3",
      "suitesparse/1138_bus.mtx, suitesparse/1138_bus.eigenvalues.txt, 1.36e-3",
      "suitesparse/bcsstk13.mtx, suitesparse/bcsstk13.eigenvalues.txt, 6.9e-4"})
  void meanW1OverTenSeedsIsAsGoodAsTheReference(String matrix, String eigenvalues,
      double referenceMean) throws IOException {
    Path dir = SharedData.directory();
    double[] exact = SpectralDistance.readColumn(dir.resolve(eigenvalues));
    List<Double> w1 = new ArrayList<>();
    try (LoadedMatrix m = MatrixFiles.load(dir.resolve(matrix))) {
      assertEquals(exact.length, m.dimension());
      for (int seed = 0; seed < 10; seed++) {
        SpectralDensity d = SpectralDensityEstimator.builder().seed(seed).build()
            .estimate(m.operator());
        assertEquals(1.0, d.integral(), 1e-6);
        double[][] x = new double[d.numRuns()][];
        double[][] w = new double[d.numRuns()][];
        for (int r = 0; r < d.numRuns(); r++) {
          x[r] = d.nodes(r);
          w[r] = d.weights(r);
        }
        w1.add(SpectralDistance.relativeW1(exact, x, w));
      }
    }
    double mean = w1.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    System.out.printf(Locale.ROOT, "%s: mean W1 over seeds 0..9 = %.3e (reference %.3e), "
        + "per seed %s%n", matrix, mean, referenceMean, w1);
    assertTrue(mean <= 1.5 * referenceMean,
        matrix + ": mean W1 " + mean + " vs reference " + referenceMean);
  }

  /** Our W1 of the peer's own seed-0 nodes is within its documented seed spread. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"mlp_digits_trained, 6.3e-4", "mlp_digits_init, 1.63e-3"})
  void peerNodesScoreAsDocumented(String stem, double referenceMean) throws IOException {
    Path dir = SharedData.directory().resolve("hessians");
    double[] exact = SpectralDistance.readColumn(dir.resolve(stem + ".eigenvalues.txt"));
    List<String> lines = Files.readAllLines(dir.resolve(stem + ".reference-nodes.csv"));
    List<List<double[]>> runs = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      int run = Integer.parseInt(f[0]);
      while (runs.size() <= run) {
        runs.add(new ArrayList<>());
      }
      runs.get(run).add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
    }
    double[][] x = new double[runs.size()][];
    double[][] w = new double[runs.size()][];
    for (int r = 0; r < runs.size(); r++) {
      x[r] = runs.get(r).stream().mapToDouble(p -> p[0]).toArray();
      w[r] = runs.get(r).stream().mapToDouble(p -> p[1]).toArray();
    }
    double peer = SpectralDistance.relativeW1(exact, x, w);
    System.out.printf(Locale.ROOT, "%s: peer seed-0 W1 = %.3e (documented mean %.3e)%n", stem,
        peer, referenceMean);
    assertTrue(peer > 0.4 * referenceMean && peer < 2.0 * referenceMean, "peer W1 " + peer);
  }
}
