package org.slq4j.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slq4j.EstimatorOptions;
import org.slq4j.SharedData;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.SpectralFunction;
import org.slq4j.SpectralSum;
import org.slq4j.SpectralSums;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;

/**
 * Spectral sums against exact eigenvalues of SuiteSparse matrices: the adaptive log-determinant
 * of bcsstk13 at rtol 1e-2 covers the exact value at about its confidence level and uses about
 * the runs an oracle that knows the per-run standard deviation would need; eigenvalue counts of
 * 1138_bus fall in their intervals.
 */
class SpectralSumsValidation {

  private static final int PROBES = 50;
  private static final int COUNT_PROBES = 5;
  private static final double RTOL = 1e-2;
  private static final double CONFIDENCE = 0.95;
  /** Runs used to measure the per-run standard deviation for the oracle. */
  private static final int ORACLE_RUNS = 30;
  /**
   * Lanczos steps. The intervals hold the sampling error only, so the Gauss rule's bias for
   * log over bcsstk13's ten decades of eigenvalues must be well inside rtol: it is 4.7% at 80
   * steps, 0.7% at 400, 0.33% at 600 and 0.07% at 800.
   */
  private static final int STEPS = 800;
  /**
   * The first batch of an adaptive probe: 2, the fewest with a spread, since the oracle needs
   * only about 3 runs at rtol 1e-2 (the per-run sd is 0.2% of the log-determinant).
   */
  private static final int FIRST_BATCH = Integer.getInteger("firstBatch", 2);

  @Test
  void adaptiveLogDeterminantCoversAndUsesAboutTheOracleRuns() throws IOException {
    Path dir = SharedData.directory();
    double[] exact = SpectralDistance.readColumn(
        dir.resolve("suitesparse/bcsstk13.eigenvalues.txt"));
    double logdet = 0;
    for (double lambda : exact) {
      assertTrue(lambda > 0, "bcsstk13 is positive definite");
      logdet += Math.log(lambda);
    }
    try (LoadedMatrix m = MatrixFiles.load(dir.resolve("suitesparse/bcsstk13.mtx"))) {
      assertEquals(exact.length, m.dimension());
      // Oracle: the per-run standard deviation from many runs on seeds no probe uses.
      SpectralDensity many = SpectralDensityEstimator.builder().seed(1_000_000_000L)
          .numRuns(ORACLE_RUNS).lanczosSteps(STEPS).numGridPoints(2).build().estimate(m.operator());
      SpectralSum pooled = SpectralSums.of(many, List.of(SpectralFunction.logDeterminant()))
          .get(0);
      double sd = pooled.standardError() * Math.sqrt(ORACLE_RUNS);
      int oracle = 2;
      while (org.slq4j.StudentTAccess.quantile(CONFIDENCE, oracle - 1) * sd / Math.sqrt(oracle)
          > RTOL * Math.abs(logdet)) {
        oracle++;
      }

      int covered = 0;
      int[] runs = new int[PROBES];
      int tolerance = 0;
      double worst = 0;
      for (int p = 0; p < PROBES; p++) {
        EstimatorOptions options = SpectralDensityEstimator.builder().seed(1000L * p)
            .lanczosSteps(STEPS).numRuns(FIRST_BATCH).options();
        SpectralSum s = SpectralSums.builder(options).relativeTolerance(RTOL)
            .confidence(CONFIDENCE).maxRuns(1000).build()
            .estimate(m.operator(), List.of(SpectralFunction.logDeterminant())).get(0);
        covered += s.contains(logdet) ? 1 : 0;
        tolerance += s.stop() == SpectralSum.Stop.TOLERANCE ? 1 : 0;
        runs[p] = s.runs();
        worst = Math.max(worst, Math.abs(s.estimate() - logdet) / Math.abs(logdet));
      }
      int[] sorted = runs.clone();
      Arrays.sort(sorted);
      double meanRuns = Arrays.stream(runs).average().orElseThrow();
      double median = 0.5 * (sorted[PROBES / 2 - 1] + sorted[PROBES / 2]);
      System.out.printf(Locale.ROOT, "bcsstk13 logdet: exact %.6f, pooled %d runs %.6f "
          + "(s.e. %.3g), per-run sd %.4g, oracle R* = %d; %d probes at rtol %g: covered %d/%d, "
          + "stopped on tolerance %d, runs mean %.1f median %.1f min %d max %d, worst relative "
          + "error %.3g%n", logdet, ORACLE_RUNS, pooled.estimate(), pooled.standardError(), sd,
          oracle, PROBES, RTOL, covered, PROBES, tolerance, meanRuns, median, sorted[0],
          sorted[PROBES - 1], worst);
      assertEquals(PROBES, tolerance, "every probe should stop on the tolerance");
      assertTrue(covered >= 0.9 * PROBES, "coverage " + covered + "/" + PROBES);
      assertTrue(meanRuns <= 1.5 * oracle && meanRuns >= oracle / 1.5,
          "mean runs " + meanRuns + " vs oracle " + oracle);
    }
  }

  @Test
  void countsOfBusMatrixFallInTheirIntervals() throws IOException {
    Path dir = SharedData.directory();
    double[] exact = SpectralDistance.readColumn(
        dir.resolve("suitesparse/1138_bus.eigenvalues.txt"));
    double[][] intervals = {{0, 1}, {1, 10}, {10, 100}, {100, 1e6}};
    try (LoadedMatrix m = MatrixFiles.load(dir.resolve("suitesparse/1138_bus.mtx"))) {
      List<SpectralFunction> fs = Arrays.stream(intervals)
          .map(ab -> SpectralFunction.count(ab[0], ab[1])).toList();
      int covered = 0;
      StringBuilder line = new StringBuilder("1138_bus counts (exact / estimate [interval]):");
      for (int p = 0; p < COUNT_PROBES; p++) {
        EstimatorOptions options = SpectralDensityEstimator.builder().seed(1000L * p)
            .lanczosSteps(400).numRuns(20).options();
        List<SpectralSum> sums = SpectralSums.builder(options).build()
            .estimate(m.operator(), fs);
        for (int i = 0; i < intervals.length; i++) {
          double a = intervals[i][0];
          double b = intervals[i][1];
          long count = Arrays.stream(exact).filter(x -> a <= x && x <= b).count();
          SpectralSum s = sums.get(i);
          covered += s.contains(count) ? 1 : 0;
          if (p == 0) {
            line.append(String.format(Locale.ROOT, " [%g, %g]: %d / %.1f [%.1f, %.1f];", a, b,
                count, s.estimate(), s.lower(), s.upper()));
          }
        }
      }
      System.out.println(line + " covered " + covered + "/" + COUNT_PROBES * intervals.length);
      assertTrue(covered >= 0.85 * COUNT_PROBES * intervals.length, "covered " + covered);
    }
  }
}
