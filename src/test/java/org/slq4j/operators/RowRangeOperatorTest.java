package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slq4j.SymmetricOperator;
import org.slq4j.internal.plan.RowRangeOperator;

/**
 * The built-in row-range operators: any split of [0, n) into ranges, computed range by range
 * (in any order), gives the bits of one {@code apply}, and a range writes only its own rows.
 */
class RowRangeOperatorTest {

  /** Ranges covering [0, n): random cuts, plus the whole range and single rows. */
  private static List<long[]> splits(int n, Random rnd) {
    List<long[]> cuts = new ArrayList<>();
    cuts.add(new long[] {0, n});
    for (int s = 0; s < 6; s++) {
      int pieces = 1 + rnd.nextInt(Math.min(n, 9));
      long[] c = new long[pieces + 1];
      c[pieces] = n;
      for (int p = 1; p < pieces; p++) {
        c[p] = rnd.nextInt(n + 1);
      }
      java.util.Arrays.sort(c);
      cuts.add(c);
    }
    long[] single = new long[n + 1];
    for (int i = 0; i <= n; i++) {
      single[i] = i;
    }
    cuts.add(single);
    return cuts;
  }

  private static void assertSplitsGiveApply(SymmetricOperator op, Random rnd) {
    int n = (int) op.dimension();
    RowRangeOperator rows = (RowRangeOperator) op;
    double[] x = OperatorTestSupport.randomVector(n, rnd);
    double[] want = OperatorTestSupport.apply(op, x);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment xs = arena.allocate((long) n * 8, 64);
      MemorySegment ys = arena.allocate((long) n * 8, 64);
      MemorySegment.copy(x, 0, xs, JAVA_DOUBLE, 0, n);
      for (long[] cuts : splits(n, rnd)) {
        ys.fill((byte) 0xff); // NaN in every row
        // Backwards, so that no range relies on an earlier one having run.
        for (int p = cuts.length - 2; p >= 0; p--) {
          rows.applyRows(xs, ys, cuts[p], cuts[p + 1]);
          double[] got = ys.toArray(JAVA_DOUBLE);
          for (int i = 0; i < n; i++) {
            if (i < cuts[p]) {
              assertTrue(Double.isNaN(got[i]), op + ": row " + i + " written by a later range");
            }
          }
        }
        assertArrayEquals(want, ys.toArray(JAVA_DOUBLE), op + " split into "
            + (cuts.length - 1) + " ranges");
      }
    }
  }

  @Test
  void diagonalRangesGiveTheProduct() {
    Random rnd = new Random(1);
    for (int n : new int[] {1, 7, 64, 1001}) {
      try (DiagonalOperator op = DiagonalOperator.of(OperatorTestSupport.randomVector(n, rnd))) {
        assertSplitsGiveApply(op, rnd);
      }
    }
  }

  /** Plain and cache-blocked CSR, the blocked layout with tiles that ranges cut anywhere. */
  @Test
  void csrRangesGiveTheProductInEveryLayout() {
    Random rnd = new Random(2);
    for (int n : new int[] {1, 5, 97, 600}) {
      double[][] a = OperatorTestSupport.randomSparse(n, 8, rnd);
      for (Object[] layout : new Object[][] {{false, 1, 1}, {true, 7, 5}, {true, 64, 16},
          {true, BlockedCsr.ROW_BLOCK, BlockedCsr.PANEL_WIDTH}, {true, 1, 600}}) {
        try (CsrOperator op = OperatorTestSupport.csrOf(a, (Boolean) layout[0], (int) layout[1],
            (int) layout[2])) {
          assertSplitsGiveApply(op, rnd);
        }
      }
    }
  }

  @Test
  void rangesAreChecked() {
    try (Arena arena = Arena.ofConfined();
        DiagonalOperator d = DiagonalOperator.of(1, 2, 3);
        CsrOperator c = OperatorTestSupport.csrOf(new double[][] {{1, 0}, {0, 2}})) {
      MemorySegment x = arena.allocate(24, 8);
      MemorySegment y = arena.allocate(24, 8);
      assertThrows(IllegalArgumentException.class, () -> d.applyRows(x, y, -1, 2));
      assertThrows(IllegalArgumentException.class, () -> d.applyRows(x, y, 2, 1));
      assertThrows(IllegalArgumentException.class, () -> d.applyRows(x, y, 0, 4));
      assertThrows(IllegalArgumentException.class, () -> d.applyRows(x, y.asReadOnly(), 0, 1));
      assertThrows(IllegalArgumentException.class, () -> c.applyRows(x, y, 1, 3));
      d.applyRows(x, y, 3, 3); // empty
      c.applyRows(x, y, 0, 0);
      d.close();
      assertThrows(IllegalStateException.class, () -> d.applyRows(x, y, 0, 1));
    }
  }
}
