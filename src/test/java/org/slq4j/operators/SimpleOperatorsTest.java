package org.slq4j.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slq4j.operators.OperatorTestSupport.assertMatvec;
import static org.slq4j.operators.OperatorTestSupport.randomSymmetric;
import static org.slq4j.operators.OperatorTestSupport.randomVector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimpleOperatorsTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8, 13, 64, 1001})
  void diagonalMatchesReference(int n) {
    Random rnd = new Random(n);
    double[] d = randomVector(n, rnd);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = d[i];
    }
    DiagonalOperator op = DiagonalOperator.of(d);
    assertTrue(op.isThreadSafe());
    assertEquals(n, op.dimension());
    double[] x = randomVector(n, rnd);
    double[] y = OperatorTestSupport.apply(op, x);
    for (int i = 0; i < n; i++) {
      assertEquals(d[i] * x[i], y[i], 0.0);
    }
    assertMatvec(a, DiagonalOperator.copyOf(MemorySegment.ofArray(d)), x);
  }

  @Test
  void diagonalRejectsNonFiniteAndEmpty() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> DiagonalOperator.of(1, Double.POSITIVE_INFINITY));
    assertTrue(e.getMessage().contains("diagonal[1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DiagonalOperator.of());
  }

  @Test
  void closedDiagonalRefusesToApplyAndClosesOnce() {
    DiagonalOperator op = DiagonalOperator.of(1, 2, 3);
    double[] y = OperatorTestSupport.apply(op, new double[] {1, 1, 1});
    assertEquals(3.0, y[2], 0.0);
    op.close();
    op.close(); // idempotent
    assertThrows(IllegalStateException.class,
        () -> OperatorTestSupport.apply(op, new double[] {1, 1, 1}));
  }

  @Test
  void diagonalCopiesItsInput() {
    double[] d = {1, 2};
    DiagonalOperator op = DiagonalOperator.of(d);
    d[0] = 100;
    assertEquals(1, op.get(0), 0.0);
  }

  @Test
  void arrayAdapterCallsUserCodeWithPlainArrays() {
    int n = 23;
    double[][] a = randomSymmetric(n, new Random(9));
    LambdaOperator op = Operators.fromArrays(n, (x, y) -> {
      for (int i = 0; i < n; i++) {
        assertEquals(0.0, y[i], 0.0, "y must arrive zeroed");
        for (int j = 0; j < n; j++) {
          y[i] += a[i][j] * x[j];
        }
      }
    }, false);
    assertFalse(op.isThreadSafe());
    assertEquals(n, op.dimension());
    assertMatvec(a, op, randomVector(n, new Random(10)));
  }

  @Test
  void segmentLambdaIsCalledDirectly() {
    double[][] a = {{2, 1}, {1, 3}};
    LambdaOperator op = Operators.of(2, (x, y) -> {
      double x0 = x.getAtIndex(ValueLayout.JAVA_DOUBLE, 0);
      double x1 = x.getAtIndex(ValueLayout.JAVA_DOUBLE, 1);
      y.setAtIndex(ValueLayout.JAVA_DOUBLE, 0, 2 * x0 + x1);
      y.setAtIndex(ValueLayout.JAVA_DOUBLE, 1, x0 + 3 * x1);
    }, true);
    assertTrue(op.isThreadSafe());
    assertMatvec(a, op, new double[] {0.5, -4});
    assertThrows(IllegalArgumentException.class, () -> Operators.of(0, (x, y) -> { }, true));
    assertThrows(IllegalArgumentException.class, () -> op.apply(
        MemorySegment.ofArray(new double[2]), MemorySegment.ofArray(new double[1])));
  }

  @Test
  void shiftedIsScaledPlusIdentity() {
    int n = 37;
    Random rnd = new Random(11);
    double[][] h = randomSymmetric(n, rnd);
    double a = -2.5;
    double b = 0.75;
    double[][] want = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        want[i][j] = a * h[i][j] + (i == j ? b : 0);
      }
    }
    try (DenseSymmetricOperator dense = DenseSymmetricOperator.of(h)) {
      ShiftedOperator op = Operators.shifted(dense, a, b);
      assertEquals(a, op.scale(), 0.0);
      assertEquals(b, op.shift(), 0.0);
      assertEquals(dense.isThreadSafe(), op.isThreadSafe());
      assertMatvec(want, op, randomVector(n, rnd));
      // Identity parameters leave H x unchanged, bit for bit.
      double[] x = randomVector(n, rnd);
      double[] y0 = OperatorTestSupport.apply(dense, x);
      double[] y1 = OperatorTestSupport.apply(Operators.shifted(dense, 1, 0), x);
      for (int i = 0; i < n; i++) {
        assertEquals(y0[i], y1[i], 0.0);
      }
    }
    LambdaOperator serial = Operators.fromArrays(1, (x, y) -> y[0] = x[0], false);
    assertFalse(Operators.shifted(serial, 2, 0).isThreadSafe());
    assertThrows(IllegalArgumentException.class, () -> Operators.shifted(serial, Double.NaN, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Operators.shifted(serial, 1, Double.NEGATIVE_INFINITY));
  }
}
