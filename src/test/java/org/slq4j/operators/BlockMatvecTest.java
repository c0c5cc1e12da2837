package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slq4j.SymmetricOperator;

/**
 * applyBlock of the built-in operators: every column of Y must be bit-for-bit apply of that
 * column of X (so SLQ results do not depend on how Lanczos runs are grouped), and close to a
 * dense reference (so a block kernel that merely agreed with a wrong apply would fail too).
 */
class BlockMatvecTest {

  private static final double SENTINEL = 12345.678;

  /**
   * Random sparse symmetric with Gaussian values, rows i with i % 7 == 3 empty (and so their
   * columns). Gaussian values make the rounding depend on the summation order, so a kernel that
   * summed in another order (or fused a multiply-add) would differ in the last bits.
   */
  private static double[][] sparseWithEmptyRows(int n, int perRow, Random rnd) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (i % 7 == 3) {
        continue;
      }
      for (int k = 0; k < perRow / 2; k++) {
        int j = rnd.nextInt(n);
        if (j % 7 == 3) {
          continue;
        }
        double v = rnd.nextGaussian();
        a[i][j] += v;
        if (i != j) {
          a[j][i] += v;
        }
      }
    }
    return a;
  }

  /** x with Gaussian entries, some exact zeros of either sign. */
  private static double[] interleaved(int n, int count, Random rnd) {
    double[] x = new double[n * count];
    for (int e = 0; e < x.length; e++) {
      int r = rnd.nextInt(20);
      x[e] = r == 0 ? 0.0 : r == 1 ? -0.0 : rnd.nextGaussian();
    }
    return x;
  }

  /**
   * Runs applyBlock on x (n x count interleaved) with garbage in y and a sentinel after it,
   * checks x untouched and the sentinel intact, and returns Y.
   */
  private static double[] applyBlock(SymmetricOperator op, double[] x, int count) {
    int len = x.length;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment xs = arena.allocate((long) len * 8, 8);
      MemorySegment ys = arena.allocate((long) (len + 1) * 8, 8);
      MemorySegment.copy(x, 0, xs, JAVA_DOUBLE, 0, len);
      ys.fill((byte) 0x7f);
      ys.setAtIndex(JAVA_DOUBLE, len, SENTINEL);
      op.applyBlock(xs, ys, count);
      double[] after = xs.toArray(JAVA_DOUBLE);
      for (int e = 0; e < len; e++) {
        assertEquals(Double.doubleToRawLongBits(x[e]), Double.doubleToRawLongBits(after[e]),
            "x modified at " + e);
      }
      assertEquals(SENTINEL, ys.getAtIndex(JAVA_DOUBLE, len), 0.0, "wrote past n * count");
      return ys.asSlice(0, (long) len * 8).toArray(JAVA_DOUBLE);
    }
  }

  /**
   * Each column of applyBlock equals apply on that column bit for bit (raw bits, so signed
   * zeros count) and lies within the rounding bound of the dense reference when {@code a} is
   * given.
   */
  private static void assertColumnsExact(SymmetricOperator op, double[][] a, double[] x,
      int count) {
    int n = (int) op.dimension();
    double[] y = applyBlock(op, x, count);
    for (int k = 0; k < count; k++) {
      double[] xk = new double[n];
      for (int i = 0; i < n; i++) {
        xk[i] = x[i * count + k];
      }
      double[] want = OperatorTestSupport.apply(op, xk);
      double[] ref = a == null ? null : OperatorTestSupport.reference(a, xk);
      double[] tol = a == null ? null : OperatorTestSupport.bound(a, xk);
      for (int i = 0; i < n; i++) {
        double got = y[i * count + k];
        if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got)) {
          throw new AssertionError(op + ", count " + count + ": column " + k + ", row " + i
              + ": apply gives " + want[i] + ", applyBlock " + got);
        }
        if (a != null) {
          assertEquals(ref[i], got, tol[i], "reference, column " + k + ", row " + i);
        }
      }
    }
  }

  /**
   * Both layouts, tile shapes that cut n = 37, 103, 301 unevenly (and tiles of one row or one
   * column), every count from 1 to 18: 17 and 18 = a full lane group of 16 plus a group of one
   * or two (the 128-bit pair kernel, reading lanes 16-17 of wider x rows), and counts that are
   * not multiples of 4 take the padded-stride and scalar-lane paths.
   */
  @ParameterizedTest
  @CsvSource({"37,false,1,1", "37,true,1,1", "37,true,5,3", "103,false,7,7", "103,true,7,11",
      "103,true,64,1", "301,true,16,31", "301,true,300,300", "301,false,65536,65536",
      "301,true,65536,65536"})
  void csrColumnsMatchApplyBitForBit(int n, boolean blocked, int rowBlock, int panelWidth) {
    Random rnd = new Random(n * 7919L + rowBlock * 31L + panelWidth + (blocked ? 1 : 0));
    double[][] a = sparseWithEmptyRows(n, 12, rnd);
    try (CsrOperator op = OperatorTestSupport.csrOf(a, blocked, rowBlock, panelWidth)) {
      assertEquals(blocked, op.isBlocked());
      for (int count = 1; count <= 18; count++) {
        assertColumnsExact(op, a, interleaved(n, count, rnd), count);
      }
      assertColumnsExact(op, a, interleaved(n, 35, rnd), 35); // three lane groups
    }
  }

  /**
   * The default tile shape with more than one row block and panel (n = 70001 > 65536), random
   * columns as in the benchmarks, at the counts the estimator uses; compared with apply only.
   */
  @ParameterizedTest
  @CsvSource({"true", "false"})
  void csrDefaultTilesMatchApply(boolean blocked) {
    int n = 70_001;
    Random rnd = new Random(70001);
    CsrOperator.Builder b = CsrOperator.builder(n).symmetricExpansion(true)
        .layout(blocked, BlockedCsr.ROW_BLOCK, BlockedCsr.PANEL_WIDTH);
    for (int i = 0; i < n; i++) {
      if (i % 11 == 5) {
        continue;
      }
      for (int k = 0; k < 3; k++) {
        int j = rnd.nextInt(n);
        b.add(Math.max(i, j), Math.min(i, j), rnd.nextGaussian());
      }
    }
    try (CsrOperator op = b.build()) {
      for (int count : new int[] {2, 5, 8, 10}) {
        assertColumnsExact(op, null, interleaved(n, count, rnd), count);
      }
    }
  }

  @Test
  void csrPrefersBlocks() {
    try (CsrOperator op = OperatorTestSupport.csrOf(new double[][] {{1}}, null, 1, 1)) {
      assertTrue(op.preferredBlockSize() > 1);
    }
  }

  @Test
  void diagonalColumnsMatchApplyBitForBit() {
    Random rnd = new Random(5);
    int n = 23;
    double[] d = new double[n];
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      d[i] = i % 5 == 0 ? 0.0 : rnd.nextGaussian();
      a[i][i] = d[i];
    }
    DiagonalOperator op = DiagonalOperator.of(d);
    for (int count = 1; count <= 17; count++) {
      assertColumnsExact(op, a, interleaved(n, count, rnd), count);
    }
    assertEquals(1, op.preferredBlockSize());
  }

  /**
   * a H + b I over each kind of H: a product then an FMA per element, as apply; the preferred
   * block size is H's. Includes a = 1 and b = 0, which skip a step in apply.
   */
  @ParameterizedTest
  @CsvSource({"-1.7,0.3", "1.0,2.5", "0.75,0.0", "1.0,0.0"})
  void shiftedColumnsMatchApplyBitForBit(double scale, double shift) {
    Random rnd = new Random(Double.hashCode(scale) * 31L + Double.hashCode(shift));
    int n = 57;
    double[][] a = sparseWithEmptyRows(n, 8, rnd);
    double[][] shifted = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        shifted[i][j] = scale * a[i][j] + (i == j ? shift : 0.0);
      }
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = rnd.nextGaussian();
    }
    try (CsrOperator blocked = OperatorTestSupport.csrOf(a, true, 10, 9);
        CsrOperator plain = OperatorTestSupport.csrOf(a, false, 10, 9)) {
      for (CsrOperator h : new CsrOperator[] {blocked, plain}) {
        ShiftedOperator op = Operators.shifted(h, scale, shift);
        assertEquals(h.preferredBlockSize(), op.preferredBlockSize());
        for (int count : new int[] {1, 2, 3, 4, 5, 8, 10, 13, 16, 17}) {
          // The rounding bound of a H + b I is not the dense one of the shifted matrix: skip it.
          assertColumnsExact(op, null, interleaved(n, count, rnd), count);
        }
      }
      ShiftedOperator overDiagonal = Operators.shifted(DiagonalOperator.of(d), scale, shift);
      assertEquals(1, overDiagonal.preferredBlockSize());
      for (int count = 1; count <= 9; count++) {
        assertColumnsExact(overDiagonal, null, interleaved(n, count, rnd), count);
      }
    }
  }

  /** count < 1, segments too small for n * count, read-only y: rejected before any work. */
  @Test
  void argumentErrors() {
    int n = 9;
    double[][] a = sparseWithEmptyRows(n, 4, new Random(9));
    double[] d = new double[n];
    java.util.Arrays.fill(d, 2.0);
    try (Arena arena = Arena.ofConfined();
        CsrOperator blocked = OperatorTestSupport.csrOf(a, true, 4, 4);
        CsrOperator plain = OperatorTestSupport.csrOf(a, false, 4, 4)) {
      SymmetricOperator[] ops = {blocked, plain, DiagonalOperator.of(d),
          Operators.shifted(blocked, 2, 1)};
      MemorySegment x = arena.allocate(n * 3 * 8L, 8);
      MemorySegment y = arena.allocate(n * 3 * 8L, 8);
      MemorySegment small = arena.allocate(n * 3 * 8L - 8, 8);
      for (SymmetricOperator op : ops) {
        String name = op.toString();
        assertThrows(IllegalArgumentException.class, () -> op.applyBlock(x, y, 0), name);
        assertThrows(IllegalArgumentException.class, () -> op.applyBlock(x, y, -3), name);
        assertThrows(IllegalArgumentException.class, () -> op.applyBlock(small, y, 3), name);
        assertThrows(IllegalArgumentException.class, () -> op.applyBlock(x, small, 3), name);
        assertThrows(IllegalArgumentException.class, () -> op.applyBlock(x, y, 4), name);
        assertThrows(IllegalArgumentException.class,
            () -> op.applyBlock(x, y.asReadOnly(), 3), name);
        assertThrows(NullPointerException.class, () -> op.applyBlock(null, y, 3), name);
        assertThrows(NullPointerException.class, () -> op.applyBlock(x, null, 3), name);
        op.applyBlock(x, y, 3); // the right sizes pass
      }
    }
  }
}
