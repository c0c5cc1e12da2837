package org.slq4j;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.slq4j.internal.memory.PhysicalMemory;
import org.slq4j.EigenSolver.Which;
import org.slq4j.operators.DiagonalOperator;
import org.slq4j.operators.LaplacianOperator;

/**
 * {@link EigenSolver} against independent truths: diagonal operators (eigenvalues their entries,
 * eigenvectors unit vectors) and the Dirichlet Laplacian (eigenvalues sums over the axes of
 * 4 sin^2(i pi / (2 (N + 1))), eigenvectors products of sines). Every result is checked for:
 * eigenvalues within 1e-10 relative of the exact ones, each within its reported residual of an
 * exact eigenvalue, the residual recomputed here, orthonormal vectors, and, where the
 * eigenvalue is simple, the vector equal to the exact one up to sign.
 */
class EigenSolverTest {

  private static final double U = 0x1p-53;

  // -------------------------------------------------------------------------------------------
  // Diagonal operators

  @Test
  void largestSmallestAndBothEndsOfADiagonal() {
    int n = 300;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = Math.sin(1.7 * i) * 10 + 0.001 * i;  // distinct, unsorted, indefinite
    }
    SymmetricOperator op = TestOperators.diagonal(d);
    for (Which which : Which.values()) {
      try (Eigenpairs p = EigenSolver.builder().k(5).which(which).build().solve(op)) {
        double[] expected = expected(d, 5, which);
        check(p, op, d, expected);
        for (int i = 0; i < p.count(); i++) {
          int index = indexOf(d, expected[i]);
          double[] y = p.eigenvectorArray(i);
          assertEquals(1.0, Math.abs(y[index]), 1e-10, which + " pair " + i + " is e_" + index);
        }
      }
    }
  }

  @Test
  void largestMeansAlgebraicallyLargestNotLargestInMagnitude() {
    double[] d = {-100, -50, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    SymmetricOperator op = TestOperators.diagonal(d);
    try (Eigenpairs p = EigenSolver.builder().k(2).build().solve(op)) {
      assertArrayEquals(new double[] {10, 9}, p.eigenvalues(), 1e-12);
    }
    try (Eigenpairs p = EigenSolver.builder().k(2).which(Which.SMALLEST).build().solve(op)) {
      assertArrayEquals(new double[] {-100, -50}, p.eigenvalues(), 1e-12);
    }
  }

  @Test
  void repeatedEigenvaluesAreFoundWithTheirMultiplicity() {
    int n = 500;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = 0.01 * i;
    }
    int[] tens = {17, 200, 333};
    int[] nines = {5, 444};
    for (int i : tens) {
      d[i] = 10;
    }
    for (int i : nines) {
      d[i] = 9;
    }
    SymmetricOperator op = TestOperators.diagonal(d);
    try (Eigenpairs p = EigenSolver.builder().k(6).build().solve(op)) {
      check(p, op, d, new double[] {10, 10, 10, 9, 9, 4.99});
      for (int i = 0; i < 5; i++) {
        int[] space = i < 3 ? tens : nines;
        double inside = 0;
        for (int index : space) {
          double y = p.eigenvectorArray(i)[index];
          inside += y * y;
        }
        assertEquals(1.0, inside, 1e-12, "pair " + i + " lies in its eigenspace");
      }
    }
  }

  @Test
  void aRepeatedEigenvalueSkippedByOneKrylovSequenceIsFoundByTheFreshStart() {
    // The square grid's eigenvalues come in pairs (i, j) and (j, i). From both ends, a single
    // Krylov sequence converges to 8 pairs that skip copies; the check recovers them.
    LaplacianOperator op = LaplacianOperator.of(20, 20);
    double[] all = laplacianSpectrum(20, 20);
    double[] expected = expected(all, 8, Which.BOTH);
    try (Eigenpairs p = EigenSolver.builder().k(8).which(Which.BOTH).build().solve(op)) {
      check(p, op, all, expected);
      assertTrue(p.phases() >= 2, "phases " + p.phases());
    }
    try (Eigenpairs p = EigenSolver.builder().k(8).which(Which.BOTH).multiplicityCheck(false)
        .build().solve(op)) {
      assertFalse(Arrays.equals(round(expected), round(p.eigenvalues())),
          "without the check a copy is missed: " + Arrays.toString(p.eigenvalues()));
      assertEquals(1, p.phases());
    }
  }

  @Test
  void clusteredEigenvaluesAreResolvedOnceTheResidualIsBelowTheirSpacing() {
    int n = 400;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i / (double) n;
    }
    d[10] = 5;
    d[20] = 5 - 1e-9;
    d[30] = 5 - 2e-9;
    d[40] = 4;
    SymmetricOperator op = TestOperators.diagonal(d);
    try (Eigenpairs p = EigenSolver.builder().k(4).tolerance(1e-13).build().solve(op)) {
      check(p, op, d, new double[] {5, 5 - 1e-9, 5 - 2e-9, 4});
    }
  }

  @Test
  void everyPairWhenKIsCloseToN() {
    int n = 40;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = Math.cos(i) * 3;
    }
    SymmetricOperator op = TestOperators.diagonal(d);
    try (Eigenpairs p = EigenSolver.builder().k(38).build().solve(op)) {
      check(p, op, d, expected(d, 38, Which.LARGEST));
    }
    try (Eigenpairs p = EigenSolver.builder().k(n).which(Which.SMALLEST).build().solve(op)) {
      check(p, op, d, expected(d, n, Which.SMALLEST));
    }
    try (Eigenpairs p = EigenSolver.builder().k(n - 1).which(Which.BOTH).build().solve(op)) {
      check(p, op, d, expected(d, n - 1, Which.BOTH));
    }
  }

  @Test
  void aBasisFarSmallerThanTheProblemStillConvergesThroughRestarts() {
    int n = 2000;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i / (double) n;
    }
    d[100] = 1.2;
    d[200] = 1.1;
    d[300] = 1.05;
    SymmetricOperator op = TestOperators.diagonal(d);
    try (Eigenpairs p = EigenSolver.builder().k(3).basisSize(6).build().solve(op)) {
      check(p, op, d, expected(d, 3, Which.LARGEST));
      assertTrue(p.restarts() > 5, "restarts " + p.restarts());
    }
  }

  @Test
  void invariantSubspacesAndFewDistinctEigenvalues() {
    // Lanczos breaks down after three steps; fresh vectors find the other copies.
    double[] d = new double[100];
    for (int i = 0; i < 100; i++) {
      d[i] = 1 + (i % 3);
    }
    SymmetricOperator op = TestOperators.diagonal(d);
    try (Eigenpairs p = EigenSolver.builder().k(5).build().solve(op)) {
      check(p, op, d, new double[] {3, 3, 3, 3, 3});
    }
    double[] identity = new double[30];
    Arrays.fill(identity, 2.5);
    SymmetricOperator id = TestOperators.diagonal(identity);
    try (Eigenpairs p = EigenSolver.builder().k(4).which(Which.BOTH).build().solve(id)) {
      check(p, id, identity, new double[] {2.5, 2.5, 2.5, 2.5});
    }
    double[] zero = new double[10];
    SymmetricOperator z = TestOperators.diagonal(zero);
    try (Eigenpairs p = EigenSolver.builder().k(3).build().solve(z)) {
      assertArrayEquals(new double[3], p.eigenvalues());
      assertArrayEquals(new double[3], p.residualNorms());
      assertTrue(p.allConverged());
    }
  }

  @Test
  void oneByOne() {
    try (Eigenpairs p = EigenSolver.builder().k(1).build().solve(TestOperators.diagonal(
        new double[] {-4}))) {
      assertEquals(-4, p.eigenvalue(0));
      assertEquals(1, Math.abs(p.eigenvectorArray(0)[0]));
    }
  }

  // -------------------------------------------------------------------------------------------
  // The Laplacian

  @Test
  void laplacianEigenpairsAreTheExactSinesIn2dAnd3d() {
    for (int[] shape : new int[][] {{30, 20}, {7, 9, 11}}) {
      LaplacianOperator op = LaplacianOperator.of(shape);
      double[] all = laplacianSpectrum(shape);
      for (Which which : new Which[] {Which.LARGEST, Which.SMALLEST}) {
        try (Eigenpairs p = EigenSolver.builder().k(6).which(which).build().solve(op)) {
          check(p, op, all, expected(all, 6, which));
          for (int i = 0; i < 6; i++) {
            double[] exact = laplacianVector(shape, p.eigenvalue(i));
            double[] y = p.eigenvectorArray(i);
            double dot = 0;
            for (int r = 0; r < y.length; r++) {
              dot += exact[r] * y[r];
            }
            assertEquals(1.0, Math.abs(dot), 1e-9, Arrays.toString(shape) + " " + which
                + " pair " + i);
          }
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Result contract

  @Test
  void residualsBoundTheErrorAndCountsAddUp() {
    LaplacianOperator op = LaplacianOperator.of(25, 12);
    try (Eigenpairs p = EigenSolver.builder().k(3).tolerance(1e-6).build().solve(op)) {
      double[] all = laplacianSpectrum(25, 12);
      check(p, op, all, expected(all, 3, Which.LARGEST));
      assertEquals(2 + p.lanczosMatvecs() + 3, p.matvecs(), "probe + Lanczos + one check each");
      assertTrue(p.normEstimate() <= 8.0 && p.normEstimate() > 7.9, "" + p.normEstimate());
      assertEquals(1e-6, p.tolerance());
      assertFalse(p.matvecCapReached());
      assertTrue(p.wallTime().toNanos() > 0);
      assertTrue(p.matvecTime().compareTo(p.wallTime()) <= 0);
    }
  }

  @Test
  void theSameSeedGivesTheSameBitsAndAnotherSeedTheSameValues() {
    LaplacianOperator op = LaplacianOperator.of(15, 17);
    try (Eigenpairs a = EigenSolver.builder().k(4).seed(3).build().solve(op);
        Eigenpairs b = EigenSolver.builder().k(4).seed(3).build().solve(op);
        Eigenpairs c = EigenSolver.builder().k(4).seed(4).build().solve(op)) {
      assertArrayEquals(a.eigenvalues(), b.eigenvalues());
      assertArrayEquals(a.eigenvectorArray(3), b.eigenvectorArray(3));
      assertArrayEquals(a.eigenvalues(), c.eigenvalues(), 1e-12);
    }
  }

  @Test
  void theResultDoesNotDependOnTheThreadCount() {
    // Three row chunks, so the vector work and the operator's rows are split.
    int n = 140_000;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = (i % 1000) / 1000.0;
    }
    d[7] = 4;
    d[70_000] = 3;
    d[139_999] = 2;
    try (DiagonalOperator op = DiagonalOperator.of(d);
        Eigenpairs one = EigenSolver.builder().k(2).threads(1).build().solve(op);
        Eigenpairs three = EigenSolver.builder().k(2).threads(3).build().solve(op)) {
      assertArrayEquals(new double[] {4, 3}, one.eigenvalues(), 1e-12);
      assertArrayEquals(one.eigenvalues(), three.eigenvalues());
      assertArrayEquals(one.residualNorms(), three.residualNorms());
      assertArrayEquals(one.eigenvectorArray(1), three.eigenvectorArray(1));
      assertEquals(one.matvecs(), three.matvecs());
    }
  }

  @Test
  void theMatvecCapReturnsHonestUnconvergedPairs() {
    LaplacianOperator op = LaplacianOperator.of(40, 40);
    try (Eigenpairs p = EigenSolver.builder().k(3).maxMatvecs(12).build().solve(op)) {
      assertTrue(p.matvecCapReached());
      assertEquals(12, p.lanczosMatvecs());
      assertFalse(p.allConverged());
      for (int i = 0; i < 3; i++) {
        assertEquals(residual(op, p.eigenvector(i), p.eigenvalue(i)), p.residualNorm(i),
            1e-12 * 8);
        assertEquals(p.residualNorm(i) <= p.tolerance() * p.normEstimate(), p.converged(i));
      }
      checkOrthonormal(p);
    }
  }

  @Test
  void eigenvectorsAreFreedOnClose() {
    Eigenpairs p = EigenSolver.builder().k(2).build().solve(LaplacianOperator.of(10));
    MemorySegment v = p.eigenvector(0);
    assertTrue(v.isReadOnly());
    assertEquals(10 * Double.BYTES, v.byteSize());
    p.close();
    assertTrue(p.isClosed());
    p.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.eigenvector(0));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> v.get(JAVA_DOUBLE, 0));
    assertEquals(2, p.eigenvalues().length, "values stay readable");
  }

  // -------------------------------------------------------------------------------------------
  // Refusals

  @Test
  void badArgumentsAreRefusedWithTheirValue() {
    assertMessage("k must be >= 1, got 0", () -> EigenSolver.builder().k(0));
    assertMessage("k must be >= 1, got -3", () -> EigenSolver.builder().k(-3));
    assertMessage("tolerance must be in (0, 1), got 0.0",
        () -> EigenSolver.builder().tolerance(0));
    assertMessage("tolerance must be in (0, 1), got -1.0E-8",
        () -> EigenSolver.builder().tolerance(-1e-8));
    assertMessage("tolerance must be in (0, 1), got NaN",
        () -> EigenSolver.builder().tolerance(Double.NaN));
    assertMessage("tolerance must be in (0, 1), got 1.0",
        () -> EigenSolver.builder().tolerance(1));
    assertMessage("tolerance must be in (0, 1), got Infinity",
        () -> EigenSolver.builder().tolerance(Double.POSITIVE_INFINITY));
    assertMessage("maxMatvecs must be >= 1, got 0", () -> EigenSolver.builder().maxMatvecs(0));
    assertMessage("threads must be >= 1, got 0", () -> EigenSolver.builder().threads(0));
    assertMessage("basisSize must be >= 3, got 2", () -> EigenSolver.builder().basisSize(2));
    assertMessage("which = BOTH needs k >= 2 (one from each end), got k = 1",
        () -> EigenSolver.builder().k(1).which(Which.BOTH).build());
    assertMessage("maxMatvecs = 4 is less than k = 5",
        () -> EigenSolver.builder().k(5).maxMatvecs(4).build());
    assertMessage("basisSize = 6 must be at least k + 2 = 7",
        () -> EigenSolver.builder().k(5).basisSize(6).build());
    assertThrows(NullPointerException.class, () -> EigenSolver.builder().which(null));
    EigenSolver solver = EigenSolver.builder().k(11).build();
    assertMessage("k = 11 exceeds the operator dimension n = 10",
        () -> solver.solve(LaplacianOperator.of(10)));
    assertThrows(NullPointerException.class, () -> solver.solve(null));
  }

  @Test
  void aProblemThatDoesNotFitIsRefusedBeforeAnythingIsAllocated() {
    LaplacianOperator huge = LaplacianOperator.of(10_000, 10_000, 10_000);  // n = 1e12
    assumeTrue(PhysicalMemory.availableBytes() < 23 * 8e12, "this machine reports no limit");
    InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
        () -> EigenSolver.builder().k(1).build().solve(huge));
    assertTrue(e.getMessage().startsWith("needs 1.84e+05 GB for the eigensolver (n = "
        + "1000000000000: 22 basis vectors and k = 1 result vectors of n doubles)"),
        e.getMessage());
    assertEquals(23 * 8_000_000_000_000L, e.bytesNeeded(), "22 basis and 1 result vectors");
    assertTrue(e.bytesAvailable() < e.bytesNeeded());
  }

  @Test
  void aNonSymmetricOperatorIsRefused() {
    double[][] a = new double[40][40];
    for (int i = 0; i < 40; i++) {
      a[i][i] = i;
      if (i + 1 < 40) {
        a[i][i + 1] = 1;
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EigenSolver.builder().k(1).build().solve(TestOperators.dense(a)));
    assertTrue(e.getMessage().contains("not symmetric"), e.getMessage());
  }

  @Test
  void anOperatorReturningNaNIsReported() {
    double[] d = new double[50];
    Arrays.fill(d, 1);
    d[7] = Double.NaN;
    NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
        () -> EigenSolver.builder().k(2).checkSymmetry(false).build()
            .solve(TestOperators.diagonal(d)));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void anInterruptStopsTheSolveAndKeepsTheStatus() {
    Thread.currentThread().interrupt();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> EigenSolver.builder().k(2).build().solve(LaplacianOperator.of(30, 30)));
      assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Checks and truths

  /**
   * Eigenvalues within 1e-10 relative of {@code expected} (in output order), each within its
   * residual (plus rounding) of an exact eigenvalue, residuals recomputed here, every pair
   * converged, vectors orthonormal.
   */
  static void check(Eigenpairs p, SymmetricOperator op, double[] spectrum, double[] expected) {
    assertEquals(expected.length, p.count());
    double norm = 0;
    for (double x : spectrum) {
      norm = Math.max(norm, Math.abs(x));
    }
    double[] sorted = spectrum.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < p.count(); i++) {
      double theta = p.eigenvalue(i);
      String what = "pair " + i + " of " + Arrays.toString(p.eigenvalues());
      assertEquals(expected[i], theta, 1e-10 * Math.max(Math.abs(expected[i]), 1e-300), what);
      double nearest = Double.POSITIVE_INFINITY;
      for (double lambda : sorted) {
        nearest = Math.min(nearest, Math.abs(lambda - theta));
      }
      assertTrue(nearest <= p.residualNorm(i) + 8 * U * norm, what + ": |lambda - theta| = "
          + nearest + " > residual " + p.residualNorm(i));
      double r = residual(op, p.eigenvector(i), theta);
      assertEquals(r, p.residualNorm(i), 1e-13 * Math.max(norm, 1e-300), what);
      assertTrue(p.converged(i), what + " converged");
      assertTrue(p.residualNorm(i) <= p.tolerance() * p.normEstimate(), what);
    }
    assertTrue(p.allConverged());
    checkOrthonormal(p);
  }

  static void checkOrthonormal(Eigenpairs p) {
    for (int i = 0; i < p.count(); i++) {
      double[] a = p.eigenvectorArray(i);
      for (int j = 0; j <= i; j++) {
        double[] b = p.eigenvectorArray(j);
        double dot = 0;
        for (int r = 0; r < a.length; r++) {
          dot += a[r] * b[r];
        }
        assertEquals(i == j ? 1.0 : 0.0, dot, 1e-12, "y_" + i + " . y_" + j);
      }
    }
  }

  /** ||H y - theta y|| with the operator applied here. */
  static double residual(SymmetricOperator op, MemorySegment y, double theta) {
    int n = (int) op.dimension();
    MemorySegment hy = MemorySegment.ofArray(new double[n]);
    MemorySegment copy = MemorySegment.ofArray(y.toArray(JAVA_DOUBLE));
    op.apply(copy, hy);
    double s = 0;
    for (int r = 0; r < n; r++) {
      double e = hy.getAtIndex(JAVA_DOUBLE, r) - theta * copy.getAtIndex(JAVA_DOUBLE, r);
      s += e * e;
    }
    return Math.sqrt(s);
  }

  /** The k eigenvalues of the full spectrum that {@code which} selects, in output order. */
  static double[] expected(double[] spectrum, int k, Which which) {
    double[] s = spectrum.clone();
    Arrays.sort(s);
    int n = s.length;
    double[] out = new double[k];
    switch (which) {
      case LARGEST -> {
        for (int i = 0; i < k; i++) {
          out[i] = s[n - 1 - i];
        }
      }
      case SMALLEST -> System.arraycopy(s, 0, out, 0, k);
      case BOTH -> {
        int high = (k + 1) / 2;
        for (int i = 0; i < high; i++) {
          out[i] = s[n - 1 - i];
        }
        for (int i = 0; i < k - high; i++) {
          out[k - 1 - i] = s[i];
        }
      }
      default -> throw new AssertionError();
    }
    return out;
  }

  private static int indexOf(double[] d, double value) {
    for (int i = 0; i < d.length; i++) {
      if (d[i] == value) {
        return i;
      }
    }
    throw new AssertionError(value);
  }

  private static double[] round(double[] x) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = Math.round(x[i] * 1e8) / 1e8;
    }
    return r;
  }

  /** The 1-D Dirichlet Laplacian's eigenvalue 4 sin^2(i pi / (2 (N + 1))), i = 1..N. */
  static double axisEigenvalue(int i, int size) {
    double s = Math.sin(i * Math.PI / (2.0 * (size + 1)));
    return 4 * s * s;
  }

  /** All eigenvalues of the Laplacian on the grid, as the sums over the axes. */
  static double[] laplacianSpectrum(int... shape) {
    int n = 1;
    for (int size : shape) {
      n *= size;
    }
    double[] out = new double[n];
    int[] index = new int[shape.length];
    for (int q = 0; q < n; q++) {
      double s = 0;
      for (int a = 0; a < shape.length; a++) {
        s += axisEigenvalue(index[a] + 1, shape[a]);
      }
      out[q] = s;
      for (int a = 0; a < shape.length; a++) {
        if (++index[a] < shape[a]) {
          break;
        }
        index[a] = 0;
      }
    }
    return out;
  }

  /**
   * The unit eigenvector of the simple eigenvalue nearest {@code value}: the product over the
   * axes of sqrt(2 / (N + 1)) sin(i x pi / (N + 1)), grid point (x, y, z) at row
   * x + N (y + M z).
   */
  static double[] laplacianVector(int[] shape, double value) {
    int n = 1;
    for (int size : shape) {
      n *= size;
    }
    // The modes (i, j, l) whose eigenvalue is nearest value, which must be unique.
    int[] best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    double second = Double.POSITIVE_INFINITY;
    int[] mode = new int[shape.length];
    for (int q = 0; q < n; q++) {
      double s = 0;
      for (int a = 0; a < shape.length; a++) {
        s += axisEigenvalue(mode[a] + 1, shape[a]);
      }
      double distance = Math.abs(s - value);
      if (distance < bestDistance) {
        second = bestDistance;
        bestDistance = distance;
        best = mode.clone();
      } else if (distance < second) {
        second = distance;
      }
      for (int a = 0; a < shape.length; a++) {
        if (++mode[a] < shape[a]) {
          break;
        }
        mode[a] = 0;
      }
    }
    assertTrue(second > 1e-6, "eigenvalue " + value + " is not simple");
    double[] v = new double[n];
    int[] point = new int[shape.length];
    for (int r = 0; r < n; r++) {
      double x = 1;
      for (int a = 0; a < shape.length; a++) {
        int size = shape[a];
        x *= Math.sqrt(2.0 / (size + 1)) * Math.sin((best[a] + 1) * (point[a] + 1) * Math.PI
            / (size + 1));
      }
      v[r] = x;
      for (int a = 0; a < shape.length; a++) {
        if (++point[a] < shape[a]) {
          break;
        }
        point[a] = 0;
      }
    }
    return v;
  }

  private static void assertMessage(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
  }
}
