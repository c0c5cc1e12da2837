package org.slq4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;
import org.slq4j.operators.LaplacianOperator;

/**
 * Estimates through a real Spark in local mode equal the local estimator's bit for bit: runs
 * spread over tasks in groups of several sizes, a matrix file every executor reads, a generated
 * operator, and a task failure Spark retries.
 */
class SparkSpectralDensityTest {

  private static SpectralDensityEstimator estimator(int runs, int steps) {
    return SpectralDensityEstimator.builder().numRuns(runs).lanczosSteps(steps).seed(11)
        .numGridPoints(2000).threads(1).build();
  }

  static void assertSameEstimate(SpectralDensity expected, SpectralDensity actual) {
    assertEquals(expected.numRuns(), actual.numRuns());
    for (int r = 0; r < expected.numRuns(); r++) {
      assertArrayEquals(expected.nodes(r), actual.nodes(r), "nodes of run " + r);
      assertArrayEquals(expected.weights(r), actual.weights(r), "weights of run " + r);
    }
    assertArrayEquals(expected.grid(), actual.grid());
    assertArrayEquals(expected.density(), actual.density());
    assertEquals(expected.sigma(), actual.sigma());
    assertEquals(expected.matvecs(), actual.matvecs());
    assertEquals(expected.dimension(), actual.dimension());
  }

  @Test
  void shardedRunsOfASharedMatrixEqualTheLocalEstimate() throws Exception {
    Path mtx = SharedMatrix.file("suitesparse/1138_bus.mtx");
    SpectralDensityEstimator estimator = estimator(10, 80);
    SpectralDensity local;
    try (LoadedMatrix m = MatrixFiles.load(mtx)) {
      local = SpectralDensityEstimator.builder().numRuns(10).lanczosSteps(80).seed(11)
          .numGridPoints(2000).threads(2).build().estimate(m.operator());
    }
    OperatorSource source = OperatorSource.file(mtx.toAbsolutePath().toString());
    try (JavaSparkContext spark = LocalSpark.start("local[2]")) {
      for (int runsPerTask : new int[] {1, 3, 10}) {
        assertSameEstimate(local,
            SparkSpectralDensity.estimate(spark, source, estimator, runsPerTask));
      }
    }
  }

  @Test
  void aGeneratedOperatorThroughASparkSession() {
    SpectralDensityEstimator estimator = estimator(6, 40);
    SpectralDensity local = estimator.estimate(LaplacianOperator.parse("20x15x6"));
    SparkSession session = SparkSession.builder().config(LocalSpark.conf("local[2]"))
        .getOrCreate();
    try {
      assertSameEstimate(local, SparkSpectralDensity.estimate(session,
          OperatorSource.parse("laplacian:20x15x6"), estimator, 4));
    } finally {
      session.stop();
    }
  }

  @Test
  void aFailedTaskIsRetriedAndTheResultIsUnchanged() {
    SpectralDensityEstimator estimator = estimator(8, 30);
    SpectralDensity local = estimator.estimate(new FailFirstAttemptOperator());
    OperatorSource source = OperatorSource.userClass(FailFirstAttemptOperator.class.getName());
    int before = FailFirstAttemptOperator.FAILURES.get();
    // local[2,2]: two task threads, and a task may fail once before the job fails.
    try (JavaSparkContext spark = LocalSpark.start("local[2,2]")) {
      assertSameEstimate(local, SparkSpectralDensity.estimate(spark, source, estimator, 2));
    }
    assertEquals(before + 1, FailFirstAttemptOperator.FAILURES.get(),
        "exactly one attempt failed");

    // Without retries (plain local mode) the same failure fails the estimate.
    try (JavaSparkContext spark = LocalSpark.start("local[2]")) {
      SparkException e = assertThrows(SparkException.class,
          () -> SparkSpectralDensity.estimate(spark, source, estimator, 2));
      assertTrue(String.valueOf(e.getMessage()).contains("injected failure"), e::getMessage);
    }
  }
}
