package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slq4j.internal.tridiagonal.SymmetricTridiagonalEigen;
import org.slq4j.internal.vectorization.MatvecSupport;
import org.slq4j.internal.vectorization.VectorizationProvider;

/**
 * The Dirichlet Laplacian: its product against the matrix written out from the stencil's
 * definition, bit-for-bit agreement of the scalar and Panama kernels, of row ranges and of
 * blocks with {@code apply}, and its exact spectrum against independent checks.
 */
class LaplacianOperatorTest {

  /**
   * Awkward shapes: single points, lines shorter and longer than a vector (8 lanes with
   * AVX-512, plus tails), axes of size 1 and 2 (every line on a face).
   */
  static Stream<int[]> shapes() {
    return Stream.of(new int[] {1}, new int[] {2}, new int[] {3}, new int[] {7},
        new int[] {17}, new int[] {1, 1}, new int[] {2, 3}, new int[] {17, 5},
        new int[] {3, 19}, new int[] {1, 1, 1}, new int[] {5, 1, 3}, new int[] {3, 4, 2},
        new int[] {19, 4, 3}, new int[] {2, 2, 9}, new int[] {33, 3, 5}, new int[] {1, 6, 7});
  }

  /** The matrix of the stencil, from its definition: 2d on the diagonal, -1 per neighbour. */
  static double[][] explicit(int[] shape) {
    int nx = shape[0];
    int ny = shape.length > 1 ? shape[1] : 1;
    int nz = shape.length > 2 ? shape[2] : 1;
    int n = nx * ny * nz;
    double[][] a = new double[n][n];
    for (int k = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          int r = i + nx * (j + ny * k);
          a[r][r] = 2 * shape.length;
          int[][] steps = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
          for (int[] d : steps) {
            for (int sign = -1; sign <= 1; sign += 2) {
              int ii = i + sign * d[0];
              int jj = j + sign * d[1];
              int kk = k + sign * d[2];
              if (ii >= 0 && ii < nx && jj >= 0 && jj < ny && kk >= 0 && kk < nz) {
                a[r][ii + nx * (jj + ny * kk)] = -1;
              }
            }
          }
        }
      }
    }
    return a;
  }

  private static List<MatvecSupport> kernels() {
    List<MatvecSupport> all = new ArrayList<>();
    all.add(VectorizationProvider.scalar().matvecSupport());
    VectorizationProvider.panama().ifPresent(p -> all.add(p.matvecSupport()));
    return all;
  }

  private static MemorySegment segment(Arena arena, double[] v) {
    MemorySegment s = arena.allocate(Math.max(1, v.length) * 8L, 64);
    MemorySegment.copy(v, 0, s, JAVA_DOUBLE, 0, v.length);
    return s;
  }

  private static long[] bits(MemorySegment s, long n) {
    long[] b = new long[(int) n];
    for (int i = 0; i < n; i++) {
      b[i] = Double.doubleToRawLongBits(s.getAtIndex(JAVA_DOUBLE, i));
    }
    return b;
  }

  private static String name(int[] shape) {
    return LaplacianOperator.of(shape).toString();
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void applyMatchesTheExplicitMatrix(int[] shape) {
    LaplacianOperator op = LaplacianOperator.of(shape);
    double[][] a = explicit(shape);
    assertEquals(a.length, op.dimension());
    Random rnd = new Random(Arrays.hashCode(shape));
    OperatorTestSupport.assertMatvec(a, op, OperatorTestSupport.randomVector(a.length, rnd));
    // Small whole numbers: every sum is exact, so the product must be too.
    double[] x = new double[a.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextInt(2001) - 1000;
    }
    assertArrayEquals(OperatorTestSupport.reference(a, x), OperatorTestSupport.apply(op, x),
        0.0, name(shape));
    long nonzeros = 0;
    for (double[] row : a) {
      for (double v : row) {
        nonzeros += v != 0 ? 1 : 0;
      }
    }
    assertEquals(nonzeros, op.nonzeros(), name(shape));
  }

  /** Every kernel family, every block width, random row ranges: the same bits. */
  @ParameterizedTest
  @MethodSource("shapes")
  void scalarAndPanamaKernelsAgreeBitForBit(int[] shape) {
    long nx = shape[0];
    long ny = shape.length > 1 ? shape[1] : 1;
    long nz = shape.length > 2 ? shape[2] : 1;
    long n = nx * ny * nz;
    double c = 2.0 * shape.length;
    Random rnd = new Random(7 + Arrays.hashCode(shape));
    List<MatvecSupport> kernels = kernels();
    try (Arena arena = Arena.ofConfined()) {
      for (int count : new int[] {1, 2, 3, 5, 8}) {
        MemorySegment x = segment(arena, OperatorTestSupport.randomVector((int) n * count, rnd));
        for (int trial = 0; trial < 4; trial++) {
          long from = trial == 0 ? 0 : rnd.nextLong(n);
          long to = trial == 0 ? n : from + rnd.nextLong(n - from + 1);
          long[] want = null;
          for (MatvecSupport k : kernels) {
            MemorySegment y = arena.allocate(n * count * 8L, 64);
            y.fill((byte) 0x55);
            k.laplacian(x, y, nx, ny, nz, c, count, from, to);
            long[] got = bits(y, n * count);
            if (want == null) {
              want = got;
            } else {
              assertArrayEquals(want, got, name(shape) + " count " + count + " rows [" + from
                  + ", " + to + ") " + k.getClass().getSimpleName());
            }
            // Rows outside the range are not touched.
            for (long e = 0; e < n * count; e++) {
              if (e < from * count || e >= to * count) {
                assertEquals(0x5555555555555555L, got[(int) e], "element " + e + " written");
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void rowRangesAndBlocksGiveTheBitsOfApply(int[] shape) {
    LaplacianOperator op = LaplacianOperator.of(shape);
    int n = (int) op.dimension();
    Random rnd = new Random(11 + Arrays.hashCode(shape));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = segment(arena, OperatorTestSupport.randomVector(n, rnd));
      MemorySegment y = arena.allocate(n * 8L, 64);
      op.apply(x, y);
      long[] want = bits(y, n);
      for (int trial = 0; trial < 10; trial++) {
        // Random cut points, sorted: the pieces cover [0, n) in some order.
        long[] cuts = new long[2 + rnd.nextInt(4)];
        for (int q = 1; q < cuts.length - 1; q++) {
          cuts[q] = rnd.nextLong(n + 1);
        }
        cuts[cuts.length - 1] = n;
        Arrays.sort(cuts);
        MemorySegment z = arena.allocate(n * 8L, 64);
        z.fill((byte) 0x7f);
        for (int q = cuts.length - 2; q >= 0; q--) {
          op.applyRows(x, z, cuts[q], cuts[q + 1]);
        }
        assertArrayEquals(want, bits(z, n), name(shape) + " cuts " + Arrays.toString(cuts));
      }
      for (int count : new int[] {1, 2, 3, 4, 7}) {
        double[][] columns = new double[count][];
        MemorySegment xb = arena.allocate((long) n * count * 8, 64);
        for (int l = 0; l < count; l++) {
          columns[l] = OperatorTestSupport.randomVector(n, rnd);
          for (int i = 0; i < n; i++) {
            xb.setAtIndex(JAVA_DOUBLE, (long) i * count + l, columns[l][i]);
          }
        }
        MemorySegment yb = arena.allocate((long) n * count * 8, 64);
        op.applyBlock(xb, yb, count);
        for (int l = 0; l < count; l++) {
          double[] single = OperatorTestSupport.apply(op, columns[l]);
          for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(single[i]),
                Double.doubleToRawLongBits(yb.getAtIndex(JAVA_DOUBLE, (long) i * count + l)),
                name(shape) + " count " + count + " column " + l + " row " + i);
          }
        }
      }
    }
  }

  @Test
  void applyRowsChecksItsRange() {
    LaplacianOperator op = LaplacianOperator.of(4, 3);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = arena.allocate(12 * 8L);
      MemorySegment y = arena.allocate(12 * 8L);
      assertThrows(IndexOutOfBoundsException.class, () -> op.applyRows(x, y, -1, 3));
      assertThrows(IndexOutOfBoundsException.class, () -> op.applyRows(x, y, 5, 4));
      assertThrows(IndexOutOfBoundsException.class, () -> op.applyRows(x, y, 0, 13));
      op.applyRows(x, y, 12, 12);
      assertThrows(IllegalArgumentException.class,
          () -> op.apply(arena.allocate(11 * 8L), y));
    }
  }

  /** The eigenvalues as the formula gives them, one sum per grid point (test-side). */
  static double[] formulaEigenvalues(int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    double[] e = new double[n];
    int nx = shape[0];
    int ny = shape.length > 1 ? shape[1] : 1;
    for (int r = 0; r < n; r++) {
      int[] index = {r % nx, r / nx % ny, r / nx / ny};
      double sum = 0;
      for (int a = 0; a < shape.length; a++) {
        double s = Math.sin((index[a] + 1) * Math.PI / (2.0 * (shape[a] + 1)));
        sum += 4 * s * s;
      }
      e[r] = sum;
    }
    Arrays.sort(e);
    return e;
  }

  /**
   * The formula against the operator itself: for each (p, q, r) the product of sines
   * sin(p i pi / (N + 1)) ... is an eigenvector with the formula's eigenvalue (H v = lambda v to
   * rounding), and these n vectors are orthogonal, so they are the whole spectrum. Then the
   * traces: sum lambda = 2 d n and sum lambda^2 = sum of the squared matrix entries.
   */
  @ParameterizedTest
  @MethodSource("shapes")
  void formulaIsTheSpectrum(int[] shape) {
    LaplacianOperator op = LaplacianOperator.of(shape);
    int n = (int) op.dimension();
    int nx = shape[0];
    int ny = shape.length > 1 ? shape[1] : 1;
    int nz = shape.length > 2 ? shape[2] : 1;
    int[] sizes = {nx, ny, nz};
    for (int mode = 0; mode < n; mode++) {
      int[] m = {mode % nx + 1, mode / nx % ny + 1, mode / nx / ny + 1};
      double lambda = 0;
      for (int a = 0; a < shape.length; a++) {
        double s = Math.sin(m[a] * Math.PI / (2.0 * (sizes[a] + 1)));
        lambda += 4 * s * s;
      }
      double[] v = new double[n];
      for (int r = 0; r < n; r++) {
        int[] idx = {r % nx + 1, r / nx % ny + 1, r / nx / ny + 1};
        double p = 1;
        for (int a = 0; a < 3; a++) {
          p *= Math.sin(m[a] * idx[a] * Math.PI / (sizes[a] + 1));
        }
        v[r] = p;
      }
      double[] hv = OperatorTestSupport.apply(op, v);
      for (int r = 0; r < n; r++) {
        assertEquals(lambda * v[r], hv[r], 1e-13, name(shape) + " mode " + mode + " row " + r);
      }
    }
    double[] e = formulaEigenvalues(shape);
    double sum = 0;
    double squares = 0;
    for (double v : e) {
      sum += v;
      squares += v * v;
    }
    double d = shape.length;
    assertEquals(2 * d * n, sum, 1e-12 * n, "trace");
    double frobenius = 0;
    for (double[] row : explicit(shape)) {
      for (double a : row) {
        frobenius += a * a;
      }
    }
    assertEquals(frobenius, squares, 1e-12 * frobenius, "trace of H^2");
    assertEquals(4 * d * d * n + (op.nonzeros() - n), frobenius, 0.0, "entries");
  }

  /** A 1-D axis against the library's tridiagonal QL solver. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 17, 100, 1000})
  void axisEigenvaluesMatchTheTridiagonalSolver(int size) {
    double[] diagonal = new double[size];
    double[] off = new double[size - 1];
    Arrays.fill(diagonal, 2.0);
    Arrays.fill(off, -1.0);
    double[] solved = SymmetricTridiagonalEigen.eigensystem(diagonal, off).eigenvalues();
    double[] formula = LaplacianSpectrum.axis(size);
    for (int i = 0; i < size; i++) {
      assertEquals(solved[i], formula[i], 4e-15 * 4, "size " + size + " eigenvalue " + i);
    }
    LaplacianOperator op = LaplacianOperator.of(size);
    assertEquals(solved[0], op.eigenvalueMin(), 1.6e-14);
    assertEquals(solved[size - 1], op.eigenvalueMax(), 1.6e-14);
  }

  /**
   * The counting CDF against the sorted list: at the midpoints of gaps between eigenvalues
   * (where rounding cannot move an eigenvalue across t), below and at the extremes; the array
   * form gives the bits of the single one.
   */
  static Stream<int[]> spectrumShapes() {
    return Stream.concat(shapes(), Stream.of(new int[] {40, 30}, new int[] {9, 11, 13},
        new int[] {64, 1, 64}, new int[] {20, 20, 20}, new int[] {1000}));
  }

  @ParameterizedTest
  @MethodSource("spectrumShapes")
  void cdfCountsTheSortedEigenvalues(int[] shape) {
    LaplacianOperator op = LaplacianOperator.of(shape);
    double[] e = formulaEigenvalues(shape);
    int n = e.length;
    assertEquals(e[0], op.eigenvalueMin(), 1e-14);
    assertEquals(e[n - 1], op.eigenvalueMax(), 1e-14);
    assertEquals(0.0, op.cdf(Math.nextDown(op.eigenvalueMin())));
    assertEquals(0.0, op.cdf(Double.NEGATIVE_INFINITY));
    assertTrue(op.cdf(op.eigenvalueMin()) > 0);
    assertEquals(1.0, op.cdf(op.eigenvalueMax()));
    assertTrue(op.cdf(Math.nextDown(op.eigenvalueMax())) < 1 || n == 1);
    List<Double> points = new ArrayList<>();
    for (int i = 0; i + 1 < n; i++) {
      if (e[i + 1] - e[i] > 1e-12) {
        double t = 0.5 * (e[i] + e[i + 1]);
        assertEquals((i + 1) / (double) n, op.cdf(t), 0.0, name(shape) + " t = " + t);
        points.add(t);
      }
    }
    points.add(op.eigenvalueMax());
    points.add(op.eigenvalueMin());
    points.add(-1.0);
    points.add(99.0);
    double[] t = points.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] batch = op.cdf(t);
    for (int q = 0; q < t.length; q++) {
      assertEquals(op.cdf(t[q]), batch[q], 0.0, name(shape) + " t = " + t[q]);
    }
  }

  /**
   * A 3-D grid whose two largest axes exceed the inner list's cap: the inner list is then
   * built from the two smallest, checked at 2000 points against the sorted list.
   */
  @Test
  void cdfOfAGridPastTheInnerCap() {
    int[] shape = {1, 2049, 2049};
    assertTrue((long) shape[1] * shape[2] > LaplacianSpectrum.MAX_INNER);
    LaplacianOperator op = LaplacianOperator.of(shape);
    double[] e = formulaEigenvalues(shape);
    Random rnd = new Random(5);
    for (int q = 0; q < 2000; q++) {
      int i = rnd.nextInt(e.length - 1);
      if (e[i + 1] - e[i] > 1e-12) {
        double t = 0.5 * (e[i] + e[i + 1]);
        assertEquals((i + 1) / (double) e.length, op.cdf(t), 0.0, "t = " + t);
      }
    }
    assertEquals(e[0], op.eigenvalueMin(), 1e-14);
    assertEquals(e[e.length - 1], op.eigenvalueMax(), 1e-14);
  }

  @Test
  void cdfArgumentsAreChecked() {
    LaplacianOperator op = LaplacianOperator.of(3, 3);
    assertThrows(IllegalArgumentException.class, () -> op.cdf(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> op.cdf(new double[] {1, 0.5}));
    assertThrows(IllegalArgumentException.class, () -> op.cdf(new double[] {Double.NaN}));
    assertEquals(0, op.cdf(new double[0]).length);
  }

  /** Above 2^31 points: the dimension, the extremes and a count need no list of n values. */
  @Test
  void largeGridsAreCountedWithoutListingTheirEigenvalues() {
    LaplacianOperator op = LaplacianOperator.parse("2000x2000x1000");
    assertEquals(4_000_000_000L, op.dimension());
    assertEquals(0.5, op.cdf(6.0), 1e-3, "the spectrum is symmetric about 2d = 6");
    assertEquals(op.eigenvalueMin(), 12 - op.eigenvalueMax(), 1e-12);
    assertEquals("laplacian 2000x2000x1000", op.toString());
  }

  @Test
  void parsesShapes() {
    assertArrayEquals(new int[] {464, 464, 464}, LaplacianOperator.parse("464x464x464").shape());
    assertArrayEquals(new int[] {7}, LaplacianOperator.parse("7").shape());
    assertArrayEquals(new int[] {3, 5}, LaplacianOperator.parse("3x05").shape());
    assertEquals(2147483647L, LaplacianOperator.parse("2147483647").dimension());
    assertEquals("laplacian 5x1x3", LaplacianOperator.of(5, 1, 3).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "5x", "x5", "5xx5", "abc", "-5", "+5", " 5", "5 ", "5X5",
      "5x5x5x5", "0", "5x0x5", "2147483648", "99999999999999999999", "3000000x3000000x3000000",
      "1.5", "5,5"})
  void rejectsBadShapes(String spec) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LaplacianOperator.parse(spec));
    assertTrue(e.getMessage().contains(spec) || spec.isEmpty(), e.getMessage());
  }

  @Test
  void rejectionMessagesNameTheProblem() {
    assertEquals("a Laplacian grid has 1 to 3 axes (N, NxM or NxMxK), got 4 in '2x2x2x2'",
        message(() -> LaplacianOperator.parse("2x2x2x2")));
    assertEquals("Laplacian grid sizes must be >= 1, got 0 in 4x0",
        message(() -> LaplacianOperator.parse("4x0")));
    assertEquals("Laplacian grid size 2147483648 in '2147483648' is too large (at most "
        + "2147483647 points per axis)", message(() -> LaplacianOperator.parse("2147483648")));
    assertEquals("a Laplacian grid is N, NxM or NxMxK with whole numbers N, M, K >= 1, got "
        + "'4x-1'", message(() -> LaplacianOperator.parse("4x-1")));
    assertEquals("a Laplacian grid has 1 to 3 axes, got 0", message(LaplacianOperator::of));
    assertTrue(message(() -> LaplacianOperator.of(2_000_000_000, 2_000_000_000, 2_000_000_000))
        .contains("more than 1152921504606846975 points"));
  }

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void isThreadSafeWithBlocksOfOne() {
    LaplacianOperator op = LaplacianOperator.of(4, 4, 4);
    assertTrue(op.isThreadSafe());
    assertEquals(1, op.preferredBlockSize());
  }
}
