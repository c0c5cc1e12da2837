package org.slq4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slq4j.Reorthogonalization;
import org.slq4j.SpectralDensity;
import org.slq4j.SpectralDensityEstimator;
import org.slq4j.io.LoadedMatrix;
import org.slq4j.io.MatrixFiles;
import org.slq4j.operators.LaplacianOperator;

/**
 * Row-partitioned estimates through a real Spark in local mode (three task slots, three row
 * blocks) against the local estimator on the same matrices: the shared SuiteSparse matrices
 * from their files and from an RDD of entries, a grid Laplacian, a failure Spark retries.
 * Distance: the Wasserstein-1 distance between the two estimates' spectral measures (all runs'
 * nodes and weights) over the exact spectrum's width.
 */
class SparkRowDensityTest {

  private static JavaSparkContext spark;

  @BeforeAll
  static void start() {
    // local[3, 2]: three task slots (a barrier stage of three tasks runs at once), retries on.
    spark = LocalSpark.start("local[3,2]");
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  private static SpectralDensityEstimator estimator(Reorthogonalization mode, int runs,
      int steps) {
    return SpectralDensityEstimator.builder().numRuns(runs).lanczosSteps(steps).seed(11)
        .numGridPoints(2000).threads(1).reorthogonalization(mode).build();
  }

  /** The runs-averaged measure of an estimate: atoms (node, weight / runs). */
  static List<double[]> atoms(SpectralDensity d) {
    List<double[]> atoms = new ArrayList<>();
    for (int r = 0; r < d.numRuns(); r++) {
      double[] x = d.nodes(r);
      double[] w = d.weights(r);
      for (int k = 0; k < x.length; k++) {
        atoms.add(new double[] {x[k], w[k] / d.numRuns()});
      }
    }
    return atoms;
  }

  /** The spectral measure of exact eigenvalues: weight 1 / n each. */
  static List<double[]> atoms(double[] eigenvalues) {
    return Arrays.stream(eigenvalues).mapToObj(e -> new double[] {e, 1.0 / eigenvalues.length})
        .toList();
  }

  /** W1 between the runs-averaged measures of a and b, over {@code width}. */
  static double w1(SpectralDensity a, SpectralDensity b, double width) {
    return w1(atoms(a), atoms(b), width);
  }

  /** W1 = integral |F - G| between two discrete measures, over {@code width}. */
  static double w1(List<double[]> f, List<double[]> g, double width) {
    List<double[]> atoms = new ArrayList<>(f);
    for (double[] a : g) {
      atoms.add(new double[] {a[0], -a[1]});
    }
    atoms.sort((p, q) -> Double.compare(p[0], q[0]));
    double cdf = 0;
    double sum = 0;
    for (int k = 0; k + 1 < atoms.size(); k++) {
      cdf += atoms.get(k)[1];
      sum += Math.abs(cdf) * (atoms.get(k + 1)[0] - atoms.get(k)[0]);
    }
    return sum / width;
  }

  private static double[] eigenvalues(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(s -> !s.isBlank())
        .mapToDouble(Double::parseDouble).toArray();
  }

  private static double width(Path eigenvalues) throws IOException {
    double[] e = eigenvalues(eigenvalues);
    return Arrays.stream(e).max().orElseThrow() - Arrays.stream(e).min().orElseThrow();
  }

  private static SpectralDensity local(Path mtx, SpectralDensityEstimator e) throws IOException {
    try (LoadedMatrix m = MatrixFiles.load(mtx)) {
      return e.estimate(m.operator());
    }
  }

  @Test
  void fullReorthogonalizationOverThreeBlocksEqualsTheLocalEstimate() throws IOException {
    for (String name : new String[] {"1138_bus", "bcsstk13"}) {
      Path mtx = SharedMatrix.file("suitesparse/" + name + ".mtx");
      double width = width(SharedMatrix.file("suitesparse/" + name + ".eigenvalues.txt"));
      SpectralDensityEstimator e = estimator(Reorthogonalization.FULL, 5, 80);
      SpectralDensity local = local(mtx, e);
      SpectralDensity rows = SparkRowDensity.estimate(spark,
          OperatorSource.file(mtx.toString()), e, 3);
      double w1 = w1(local, rows, width);
      assertTrue(w1 < 1e-10, name + ": W1 / width = " + w1);
      assertEquals(local.matvecs() - 2, rows.matvecs(), "the symmetry probe's 2 products");
      assertEquals(local.dimension(), rows.dimension());
    }
  }

  /**
   * Without reorthogonalization the recurrence is forward unstable once its vectors lose
   * orthogonality (Paige): from then on a rounding-level change (here the order of the dot
   * products' sums) moves the ghost copies of converged eigenvalues, and two estimates from the
   * same start vectors part by far more than rounding. Before that (20 steps on these
   * matrices) they agree to rounding; after it (80 steps) both stay estimates of the same
   * spectrum: they are closer to each other than half their distance to the exact spectrum
   * (the SLQ error itself; measured: 3.0e-5 apart against 8.8e-4 for 1138_bus, 9.5e-5 against
   * 5.0e-4 for bcsstk13), and their errors agree within 20%.
   */
  @Test
  void withoutReorthogonalizationOverThreeBlocks() throws IOException {
    for (String name : new String[] {"1138_bus", "bcsstk13"}) {
      Path mtx = SharedMatrix.file("suitesparse/" + name + ".mtx");
      double[] exact = eigenvalues(SharedMatrix.file("suitesparse/" + name
          + ".eigenvalues.txt"));
      double width = width(SharedMatrix.file("suitesparse/" + name + ".eigenvalues.txt"));
      SpectralDensityEstimator before = estimator(Reorthogonalization.NONE, 5, 20);
      double early = w1(local(mtx, before), SparkRowDensity.estimate(spark,
          OperatorSource.file(mtx.toString()), before, 3), width);
      assertTrue(early < 1e-12, name + ", 20 steps: W1 / width = " + early);

      SpectralDensityEstimator after = estimator(Reorthogonalization.NONE, 5, 80);
      SpectralDensity local = local(mtx, after);
      SpectralDensity rows = SparkRowDensity.estimate(spark,
          OperatorSource.file(mtx.toString()), after, 3);
      double apart = w1(local, rows, width);
      double error = w1(atoms(local), atoms(exact), width);
      double rowsError = w1(atoms(rows), atoms(exact), width);
      System.out.printf("%s none: 20 steps W1 %.2e; 80 steps W1 %.2e apart, %.2e and %.2e "
          + "from the exact spectrum%n", name, early, apart, error, rowsError);
      assertTrue(apart < 0.5 * error, name + ", 80 steps: W1 / width = " + apart
          + " between the estimates, " + error + " from the exact spectrum");
      assertEquals(error, rowsError, 0.2 * error, name + ": the rows estimate's own error");
    }
    LaplacianOperator grid = LaplacianOperator.parse("20x15x6");
    SpectralDensityEstimator e = estimator(Reorthogonalization.NONE, 4, 30);
    SpectralDensity local = e.estimate(grid);
    SpectralDensity rows = SparkRowDensity.estimate(spark, OperatorSource.laplacian("20x15x6"),
        e, 3);
    double w1 = w1(local, rows, grid.eigenvalueMax() - grid.eigenvalueMin());
    assertTrue(w1 < 1e-12, "laplacian 20x15x6, 30 steps: W1 / width = " + w1);
  }

  @Test
  void anRddOfEntriesGivesTheFilesEstimate() throws IOException {
    Path mtx = SharedMatrix.file("suitesparse/1138_bus.mtx");
    RowEntries file = RowEntries.of(OperatorSource.file(mtx.toString()));
    List<MatrixEntry> entries = new ArrayList<>();
    file.rows(0, file.dimension(), (i, j, v) -> entries.add(new MatrixEntry(i, j, v)));
    SpectralDensityEstimator e = estimator(Reorthogonalization.FULL, 3, 60);
    SpectralDensity local = local(mtx, e);
    SpectralDensity rows = SparkRowDensity.estimate(spark.parallelize(entries, 4),
        file.dimension(), e, 3);
    double w1 = w1(local, rows, width(SharedMatrix.file("suitesparse/1138_bus.eigenvalues.txt")));
    assertTrue(w1 < 1e-10, "W1 / width = " + w1);
  }

  @Test
  void aFailedTaskRestartsTheStageAndTheResultIsUnchanged() {
    SpectralDensityEstimator e = estimator(Reorthogonalization.NONE, 3, 40);
    RowEntries grid = RowEntries.of(OperatorSource.laplacian("14x11x5"));
    SpectralDensity clean = SparkRowDensity.estimate(spark, grid, e, 3);
    int before = FailOnceRows.FAILURES.get();
    SpectralDensity retried = SparkRowDensity.estimate(spark, new FailOnceRows(grid), e, 3);
    assertEquals(before + 1, FailOnceRows.FAILURES.get(), "exactly one attempt failed");
    SparkSpectralDensityTest.assertSameEstimate(clean, retried);
  }

  @Test
  void badRequestsAreRefusedWithTheirReason() {
    RowEntries grid = RowEntries.of(OperatorSource.laplacian("4x3"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkRowDensity.estimate(spark, grid, estimator(Reorthogonalization.FULL, 1, 5),
            13));
    assertTrue(e.getMessage().contains("partitions must be in [1, n = 12], got 13"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SparkRowDensity.estimate(spark, grid, estimator(Reorthogonalization.LOCAL, 1, 5),
            2));
    assertTrue(e.getMessage().contains("FULL or NONE, not LOCAL"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RowEntries.of(OperatorSource.file("/data/h.npy")));
    assertTrue(e.getMessage().contains("/data/h.npy is a NumPy file"), e.getMessage());
  }
}
