package org.slq4j.operators;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slq4j.operators.OperatorTestSupport.assertMatvec;
import static org.slq4j.operators.OperatorTestSupport.randomSymmetric;
import static org.slq4j.operators.OperatorTestSupport.randomVector;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DenseSymmetricOperatorTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 33, 64, 100, 131})
  void matvecMatchesPlainReference(int n) {
    Random rnd = new Random(n);
    double[][] a = randomSymmetric(n, rnd);
    try (DenseSymmetricOperator op = DenseSymmetricOperator.of(a)) {
      assertEquals(n, op.dimension());
      assertTrue(op.isThreadSafe());
      for (int t = 0; t < 3; t++) {
        assertMatvec(a, op, randomVector(n, rnd));
      }
    }
  }

  @Test
  void unitVectorsExtractColumnsExactly() {
    // H e_k is column k: every stored entry must come out bit for bit, both triangles.
    int n = 11;
    double[][] a = randomSymmetric(n, new Random(5));
    try (DenseSymmetricOperator op = DenseSymmetricOperator.of(a)) {
      for (int k = 0; k < n; k++) {
        double[] e = new double[n];
        e[k] = 1;
        double[] col = OperatorTestSupport.apply(op, e);
        for (int i = 0; i < n; i++) {
          assertEquals(a[i][k], col[i], 0.0, "(" + i + ", " + k + ")");
        }
      }
    }
  }

  @Test
  void copyOfSegmentDoublesAndFloatsBothByteOrders() {
    int n = 9;
    double[][] a = randomSymmetric(n, new Random(2));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment be = arena.allocate((long) n * n * 8 + 1);
      MemorySegment fl = arena.allocate((long) n * n * 4);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          // Unaligned on purpose (offset 1).
          be.set(JAVA_DOUBLE.withOrder(ByteOrder.BIG_ENDIAN).withByteAlignment(1),
              1 + 8L * (i * n + j), a[i][j]);
          fl.setAtIndex(JAVA_FLOAT, (long) i * n + j, (float) a[i][j]);
        }
      }
      try (var op = DenseSymmetricOperator.copyOf(be.asSlice(1),
          JAVA_DOUBLE.withOrder(ByteOrder.BIG_ENDIAN), n)) {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            assertEquals(a[i][j], op.get(i, j), 0.0);
          }
        }
      }
      try (var op = DenseSymmetricOperator.copyOf(fl, JAVA_FLOAT, n)) {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            assertEquals((double) (float) a[i][j], op.get(i, j), 0.0);
          }
        }
      }
    }
  }

  @Test
  void rejectsAsymmetryBeyondToleranceAndNamesTheWorstEntry() {
    double[][] a = {{1, 2, 3}, {2, 1, 0}, {3, 0.5, 1}};
    NotSymmetricException e =
        assertThrows(NotSymmetricException.class, () -> DenseSymmetricOperator.of(a));
    assertEquals(1, e.row());
    assertEquals(2, e.column());
    assertEquals(0.5, e.difference(), 0.0);
    assertEquals(3, e.maxAbs(), 0.0);
    assertTrue(e.getMessage().contains("0.5"), e.getMessage());
  }

  @Test
  void averagesAsymmetryWithinTolerance() {
    double eps = 1e-13;
    double[][] a = {{1, 1 + eps}, {1 - eps, 1}};
    try (var op = DenseSymmetricOperator.of(a)) {
      assertEquals(op.get(0, 1), op.get(1, 0), 0.0);
      assertEquals(1.0, op.get(0, 1), 1e-16);
    }
  }

  @Test
  void rejectsBadShapesAndValues() {
    var e1 = assertThrows(IllegalArgumentException.class,
        () -> DenseSymmetricOperator.of(new double[][] {{1, 2}, {3}}));
    assertTrue(e1.getMessage().contains("a[1].length = 1"), e1.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class,
        () -> DenseSymmetricOperator.of(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
    assertTrue(e2.getMessage().contains("a[0][1]"), e2.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> DenseSymmetricOperator.of(new double[0][]));
    assertThrows(IllegalArgumentException.class,
        () -> DenseSymmetricOperator.copyOf(MemorySegment.ofArray(new double[3]), 2));
  }

  @Test
  void closedOperatorRefusesToApply() {
    DenseSymmetricOperator op = DenseSymmetricOperator.of(new double[][] {{2}});
    op.close();
    op.close();
    assertThrows(IllegalStateException.class,
        () -> OperatorTestSupport.apply(op, new double[] {1}));
  }

  @Test
  void applyChecksVectorLengths() {
    try (var op = DenseSymmetricOperator.of(new double[][] {{1, 0}, {0, 1}})) {
      var e = assertThrows(IllegalArgumentException.class, () -> op.apply(
          MemorySegment.ofArray(new double[1]), MemorySegment.ofArray(new double[2])));
      assertTrue(e.getMessage().contains("x holds 1"), e.getMessage());
    }
  }
}
