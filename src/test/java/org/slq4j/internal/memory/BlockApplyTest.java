package org.slq4j.internal.memory;

import org.slq4j.SymmetricOperator;
import org.slq4j.TestOperators;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The default {@link SymmetricOperator#applyBlock}: one apply per column. */
class BlockApplyTest {

  @Test
  void defaultBlockApplyIsApplyOnEveryColumn() {
    int n = 37;
    double[][] a = new double[n][n];
    Random random = new Random(3);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = a[j][i] = random.nextGaussian();
      }
    }
    SymmetricOperator op = TestOperators.dense(a);
    for (int count : new int[] {1, 2, 5, 8}) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment x = arena.allocate((long) n * count * Double.BYTES, 8);
        MemorySegment y = arena.allocate((long) n * count * Double.BYTES, 8);
        for (long i = 0; i < (long) n * count; i++) {
          x.setAtIndex(JAVA_DOUBLE, i, random.nextGaussian());
        }
        op.applyBlock(x, y, count);
        for (int k = 0; k < count; k++) {
          for (int i = 0; i < n; i++) {
            double expected = 0;
            for (int j = 0; j < n; j++) {
              expected += a[i][j] * x.getAtIndex(JAVA_DOUBLE, (long) j * count + k);
            }
            assertEquals(expected, y.getAtIndex(JAVA_DOUBLE, (long) i * count + k), 0.0,
                "count " + count + ", column " + k + ", row " + i);
          }
        }
      }
    }
  }

  @Test
  void badBlockArgumentsAreNamed() {
    SymmetricOperator op = TestOperators.diagonal(new double[] {1, 2, 3});
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = arena.allocate(6 * Double.BYTES, 8);
      MemorySegment y = arena.allocate(6 * Double.BYTES, 8);
      assertMessage(() -> op.applyBlock(x, y, 0), "count must be >= 1, got 0");
      assertMessage(() -> op.applyBlock(x, y, 3), "x holds 6 doubles", "3 vectors", "needs 9");
      assertMessage(() -> op.applyBlock(x, y.asSlice(8), 2), "y holds 5 doubles", "needs 6");
      assertMessage(() -> op.applyBlock(x, y.asReadOnly(), 2), "y is read-only");
      assertThrows(NullPointerException.class, () -> op.applyBlock(null, y, 2));
    }
  }

  private static void assertMessage(Runnable action, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks '" + part + "'");
    }
  }
}
