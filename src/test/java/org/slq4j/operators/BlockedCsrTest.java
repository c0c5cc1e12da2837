package org.slq4j.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slq4j.operators.OperatorTestSupport.assertMatvec;
import static org.slq4j.operators.OperatorTestSupport.randomSparse;
import static org.slq4j.operators.OperatorTestSupport.randomVector;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cache-blocked CSR layout against plain CSR and a dense reference. */
class BlockedCsrTest {

  /** Symmetric, small-integer entries, some rows (and so some whole tiles) empty. */
  private static double[][] integerSparse(int n, int perRow, Random rnd) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (rnd.nextInt(4) == 0) {
        continue;
      }
      for (int k = 0; k < perRow; k++) {
        int j = rnd.nextInt(n);
        if (rowIsEmpty(a, j) && j != i && rnd.nextBoolean()) {
          continue; // keep some rows empty
        }
        int v = rnd.nextInt(17) - 8;
        a[i][j] += v;
        if (i != j) {
          a[j][i] += v;
        }
      }
    }
    return a;
  }

  private static boolean rowIsEmpty(double[][] a, int i) {
    for (double v : a[i]) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Integer entries and integer x: every partial sum is exact, so the blocked matvec (column
   * order, one accumulator) must equal the plain one (two accumulators) and the dense
   * reference bit for bit, whatever the tile shape (n not divisible by the block or panel, tiles
   * of one row or column, one tile for everything).
   */
  @ParameterizedTest
  @CsvSource({"1,1,1", "1,7,7", "2,1,1", "7,3,5", "17,5,3", "17,16,16", "64,8,8", "100,7,100",
      "100,100,7", "257,16,31", "300,65536,65536", "300,1,65536", "300,65536,1"})
  void integerMatvecIsExactForEveryTileShape(int n, int rowBlock, int panelWidth) {
    Random rnd = new Random(31L * n + rowBlock + 7L * panelWidth);
    double[][] a = integerSparse(n, 6, rnd);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextInt(21) - 10;
    }
    try (CsrOperator blocked = OperatorTestSupport.csrOf(a, true, rowBlock, panelWidth);
        CsrOperator plain = OperatorTestSupport.csrOf(a, false, rowBlock, panelWidth)) {
      assertTrue(blocked.isBlocked());
      assertFalse(plain.isBlocked());
      assertEquals(plain.nnz(), blocked.nnz());
      double[] want = OperatorTestSupport.reference(a, x);
      double[] yb = OperatorTestSupport.apply(blocked, x);
      double[] yp = OperatorTestSupport.apply(plain, x);
      for (int i = 0; i < n; i++) {
        assertEquals(want[i], yb[i], 0.0, "blocked y[" + i + "]");
        assertEquals(want[i], yp[i], 0.0, "plain y[" + i + "]");
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertEquals(a[i][j], blocked.get(i, j), 0.0, "a[" + i + "][" + j + "]");
        }
      }
    }
  }

  /** Gaussian entries: within the dot-product rounding bound of the dense reference. */
  @ParameterizedTest
  @CsvSource({"1,1,1", "5,2,3", "33,4,10", "200,64,17", "301,300,300", "301,301,1"})
  void randomMatvecWithinRoundingBound(int n, int rowBlock, int panelWidth) {
    Random rnd = new Random(n * 1000L + rowBlock);
    double[][] a = randomSparse(n, 10, rnd);
    try (CsrOperator blocked = OperatorTestSupport.csrOf(a, true, rowBlock, panelWidth)) {
      for (int t = 0; t < 3; t++) {
        assertMatvec(a, blocked, randomVector(n, rnd));
      }
    }
  }

  /**
   * Duplicate triplets (some cancelling to an explicit zero), given in shuffled order and through
   * symmetric expansion, across tile edges (n = 29, tiles of 4 x 6): both layouts must sum them
   * into the same stored entries and apply the summed matrix exactly (integer data), compared
   * with a dense matrix accumulated independently from the same triplets.
   */
  @ParameterizedTest
  @CsvSource({"true", "false"})
  void duplicateTripletsAreSummedInEveryLayout(boolean blocked) {
    int n = 29;
    Random rnd = new Random(2029);
    double[][] a = new double[n][n];
    CsrOperator.Builder b = CsrOperator.builder(n).symmetricExpansion(true)
        .layout(blocked, 4, 6);
    for (int t = 0; t < 400; t++) {
      int i = rnd.nextInt(n);
      int j = rnd.nextInt(i + 1); // lower triangle, each pair drawn many times
      int v = rnd.nextInt(9) - 4;
      b.add(i, j, v);
      a[i][j] += v;
      if (i != j) {
        a[j][i] += v;
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextInt(11) - 5;
    }
    try (CsrOperator op = b.build()) {
      assertEquals(blocked, op.isBlocked());
      double[] want = OperatorTestSupport.reference(a, x);
      double[] got = OperatorTestSupport.apply(op, x);
      for (int i = 0; i < n; i++) {
        assertEquals(want[i], got[i], 0.0, "y[" + i + "]");
        for (int j = 0; j < n; j++) {
          assertEquals(a[i][j], op.get(i, j), 0.0, "a[" + i + "][" + j + "]");
        }
      }
    }
  }

  @Test
  void emptyMatrixAndSingleEntry() {
    try (CsrOperator empty = OperatorTestSupport.csrOf(new double[3][3], true, 2, 2)) {
      assertEquals(0, empty.nnz());
      double[] y = OperatorTestSupport.apply(empty, new double[] {1, 2, 3});
      for (double v : y) {
        assertEquals(0.0, v, 0.0); // y is overwritten (the helper fills it with garbage first)
      }
    }
    try (CsrOperator one = OperatorTestSupport.csrOf(new double[][] {{-2.5}}, true, 1, 1)) {
      assertEquals(-7.5, OperatorTestSupport.apply(one, new double[] {3})[0], 0.0);
      assertEquals(-2.5, one.get(0, 0), 0.0);
    }
  }

  /**
   * Block diagonal on the panels (each row has entries in its own panel only, the last panel
   * partial), every fifth row empty, row blocks of 5 cutting across the panels of 4: the
   * row blocks' other tiles must leave a row alone, and empty rows must still be zeroed.
   */
  @Test
  void rowsConfinedToOnePanel() {
    int n = 23;
    int w = 4;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      int panel = i / w;
      for (int j = panel * w; j < Math.min(n, panel * w + w); j++) {
        if (i % 5 != 3 && j % 5 != 3) {
          // symmetric: the value depends on the unordered pair
          a[i][j] = 1 + (Math.min(i, j) * 31 + Math.max(i, j)) % 13;
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i - 11;
    }
    try (CsrOperator blocked = OperatorTestSupport.csrOf(a, true, 5, w)) {
      double[] want = OperatorTestSupport.reference(a, x);
      double[] got = OperatorTestSupport.apply(blocked, x);
      for (int i = 0; i < n; i++) {
        assertEquals(want[i], got[i], 0.0, "y[" + i + "]");
      }
    }
  }

  /**
   * The builder tolerates a tiny entry without its mirror (within the symmetry tolerance), so
   * the stored pattern need not be symmetric: the blocked layout must still apply A, not A^T.
   * 2^-40 next to integers up to 2^10 keeps every sum exact.
   */
  @Test
  void structurallyAsymmetricPatternAppliesAnotItsTranspose() {
    int n = 9;
    double[][] a = integerSparse(n, 3, new Random(5));
    a[0][0] = 1024;
    a[1][6] = 0;
    a[6][1] = 0;
    a[1][6] = 0x1p-40; // a[6][1] stays 0
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    try (CsrOperator blocked = OperatorTestSupport.csrOf(a, true, 2, 3);
        CsrOperator plain = OperatorTestSupport.csrOf(a, false, 2, 3)) {
      double[] want = OperatorTestSupport.reference(a, x);
      double[] yb = OperatorTestSupport.apply(blocked, x);
      double[] yp = OperatorTestSupport.apply(plain, x);
      assertEquals(want[1], yb[1], 0.0);
      assertEquals(want[6], yb[6], 0.0);
      assertTrue(want[1] != Math.rint(want[1]), "the tiny entry shows in y[1]");
      for (int i = 0; i < n; i++) {
        assertEquals(yp[i], yb[i], 0.0, "y[" + i + "]");
      }
      assertEquals(0x1p-40, blocked.get(1, 6), 0.0);
      assertEquals(0.0, blocked.get(6, 1), 0.0);
    }
  }

  /**
   * The automatic choice: scattered columns (random pattern, x of 3.2 MB) miss the cache model
   * and get the blocked layout; a band of the same size keeps plain CSR; both still multiply
   * correctly.
   */
  @Test
  void automaticChoiceBlocksRandomAndKeepsBanded() {
    int n = 400_000;
    Random rnd = new Random(11);
    CsrOperator.Builder random = CsrOperator.builder(n).symmetricExpansion(true);
    CsrOperator.Builder banded = CsrOperator.builder(n).symmetricExpansion(true);
    double wantTotal = 0;
    for (int i = 0; i < n; i++) {
      random.add(i, i, 1);
      wantTotal += 1;
      banded.add(i, i, 1);
      for (int k = 0; k < 2; k++) {
        int j = rnd.nextInt(i + 1);
        random.add(i, j, 0.5);
        wantTotal += i == j ? 0.5 : 1.0; // the mirror counts too
      }
      for (int k = 1; k <= 2 && i - k >= 0; k++) {
        banded.add(i, i - k, 0.5);
      }
    }
    try (CsrOperator r = random.build(); CsrOperator b = banded.build()) {
      assertTrue(r.isBlocked(), r.toString());
      assertFalse(b.isBlocked(), b.toString());
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = (i % 7) - 3;
      }
      double[] yb = OperatorTestSupport.apply(b, x);
      for (int i = 2; i < n - 2; i++) {
        double want = x[i] + 0.5 * (x[i - 2] + x[i - 1] + x[i + 1] + x[i + 2]);
        assertEquals(want, yb[i], 0.0, "banded y[" + i + "]");
      }
      // Random: the sum of A * ones is the sum of all stored entries, mirrors included.
      double[] ones = new double[n];
      java.util.Arrays.fill(ones, 1);
      double[] yr = OperatorTestSupport.apply(r, ones);
      double total = 0;
      for (double v : yr) {
        total += v;
      }
      // Every stored value is a multiple of 0.5 and the sums are small: exact.
      assertEquals(wantTotal, total, 0.0);
    }
  }

  /**
   * The layout is the operator's own choice or the package-private hook's, never a global
   * setting: a system property {@code slq4j.csr.layout} is ignored, whatever its value.
   */
  @Test
  void layoutIgnoresSystemProperties() {
    String old = System.getProperty("slq4j.csr.layout");
    try {
      for (String value : new String[] {"blocked", "fast"}) {
        System.setProperty("slq4j.csr.layout", value);
        try (CsrOperator op = CsrOperator.builder(2).add(0, 0, 1).build()) {
          assertFalse(op.isBlocked(), value);
        }
      }
    } finally {
      if (old == null) {
        System.clearProperty("slq4j.csr.layout");
      } else {
        System.setProperty("slq4j.csr.layout", old);
      }
    }
  }

  @Test
  void badTileShapeIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsrOperator.builder(2).layout(true, 0, 4).add(0, 0, 1).build());
    assertTrue(e.getMessage().contains("rowBlock"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CsrOperator.builder(2).layout(true, 4, 65537).add(0, 0, 1).build());
    assertTrue(e.getMessage().contains("panelWidth") && e.getMessage().contains("65537"),
        e.getMessage());
  }
}
