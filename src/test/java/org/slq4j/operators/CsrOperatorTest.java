package org.slq4j.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slq4j.operators.OperatorTestSupport.assertMatvec;
import static org.slq4j.operators.OperatorTestSupport.randomSparse;
import static org.slq4j.operators.OperatorTestSupport.randomVector;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsrOperatorTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 17, 100, 300})
  void matvecMatchesPlainReference(int n) {
    Random rnd = new Random(n);
    double[][] a = randomSparse(n, 10, rnd);
    try (CsrOperator op = OperatorTestSupport.csrOf(a)) {
      long nnz = 0;
      for (double[] row : a) {
        for (double v : row) {
          nnz += v != 0 ? 1 : 0;
        }
      }
      assertEquals(nnz, op.nnz());
      assertTrue(op.isThreadSafe());
      assertMatvec(a, op, randomVector(n, rnd));
    }
  }

  @Test
  void longRowsAreSortedToo() {
    // A dense row (> 32 entries, the insertion-sort cutoff) given in reverse column order.
    int n = 200;
    double[][] a = new double[n][n];
    CsrOperator.Builder b = CsrOperator.builder(n);
    for (int j = n - 1; j >= 0; j--) {
      a[0][j] += j + 1;
      a[j][0] += j + 1;
      b.add(0, j, j + 1);
      if (j != 0) {
        b.add(j, 0, j + 1);
      }
    }
    a[0][0] = 1;
    try (CsrOperator op = b.build()) {
      for (int j = 0; j < n; j++) {
        assertEquals(a[0][j], op.get(0, j), 0.0);
      }
      assertMatvec(a, op, randomVector(n, new Random(1)));
    }
  }

  @Test
  void symmetricExpansionOfOneTriangleEqualsTheFullMatrix() {
    int n = 50;
    double[][] a = randomSparse(n, 6, new Random(3));
    CsrOperator.Builder lower = CsrOperator.builder(n).symmetricExpansion(true);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        if (a[i][j] != 0) {
          lower.add(i, j, a[i][j]);
        }
      }
    }
    try (CsrOperator expanded = lower.build(); CsrOperator full = OperatorTestSupport.csrOf(a)) {
      assertEquals(full.nnz(), expanded.nnz());
      double[] x = randomVector(n, new Random(4));
      double[] y1 = OperatorTestSupport.apply(expanded, x);
      double[] y2 = OperatorTestSupport.apply(full, x);
      for (int i = 0; i < n; i++) {
        // Same entries, same order within rows: bit-identical.
        assertEquals(y2[i], y1[i], 0.0);
      }
      assertMatvec(a, expanded, x);
    }
  }

  @Test
  void duplicatesAreSummed() {
    CsrOperator.Builder b = CsrOperator.builder(3);
    b.add(0, 1, 1.5).add(1, 0, 1.0).add(0, 1, -0.5).add(1, 0, 0.0).add(2, 2, 4).add(2, 2, 4);
    try (CsrOperator op = b.build()) {
      assertEquals(3, op.nnz());
      assertEquals(1.0, op.get(0, 1), 0.0);
      assertEquals(1.0, op.get(1, 0), 0.0);
      assertEquals(8.0, op.get(2, 2), 0.0);
      assertEquals(0.0, op.get(0, 0), 0.0);
    }
  }

  @Test
  void generalTripletsMustBeSymmetric() {
    CsrOperator.Builder b = CsrOperator.builder(4);
    b.add(0, 1, 1).add(1, 0, 1).add(2, 3, 0.25).add(3, 3, 2);
    NotSymmetricException e = assertThrows(NotSymmetricException.class, b::build);
    assertEquals(2, e.row());
    assertEquals(3, e.column());
    assertEquals(0.25, e.difference(), 0.0);
    assertEquals(2, e.maxAbs(), 0.0);
  }

  @Test
  void builderValidatesIndicesAndValues() {
    CsrOperator.Builder b = CsrOperator.builder(3);
    var e1 = assertThrows(IllegalArgumentException.class, () -> b.add(3, 0, 1));
    assertTrue(e1.getMessage().contains("row index 3"), e1.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class, () -> b.add(0, -1, 1));
    assertTrue(e2.getMessage().contains("column index -1"), e2.getMessage());
    var e3 = assertThrows(IllegalArgumentException.class, () -> b.add(0, 0, Double.NaN));
    assertTrue(e3.getMessage().contains("NaN"), e3.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CsrOperator.builder(0));
    assertThrows(IllegalArgumentException.class,
        () -> CsrOperator.builder(Integer.MAX_VALUE + 1L));
    b.add(0, 0, 1);
    b.build().close();
    assertThrows(IllegalStateException.class, b::build);
  }

  @Test
  void emptyRowsAndAllZeroMatrix() {
    try (CsrOperator op = CsrOperator.builder(4).build()) {
      assertEquals(0, op.nnz());
      double[] y = OperatorTestSupport.apply(op, new double[] {1, 2, 3, 4});
      for (double v : y) {
        assertEquals(0.0, v, 0.0);
      }
    }
  }
}
