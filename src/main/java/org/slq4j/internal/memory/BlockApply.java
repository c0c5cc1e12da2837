package org.slq4j.internal.memory;

import org.slq4j.SymmetricOperator;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The default {@link SymmetricOperator#applyBlock}: one {@code apply} per column. */
public final class BlockApply {

  private BlockApply() {}

  public static void byColumns(SymmetricOperator operator, MemorySegment x, MemorySegment y,
      int count) {
    long n = operator.dimension();
    check(n, x, y, count);
    if (count == 1) {
      operator.apply(x, y);
      return;
    }
    try (Arena arena = Arena.ofShared()) { // apply may use threads of its own
      MemorySegment column = arena.allocate(n * Double.BYTES, 64);
      MemorySegment result = arena.allocate(n * Double.BYTES, 64);
      for (int k = 0; k < count; k++) {
        for (long i = 0; i < n; i++) {
          column.setAtIndex(JAVA_DOUBLE, i, x.getAtIndex(JAVA_DOUBLE, i * count + k));
        }
        operator.apply(column, result);
        for (long i = 0; i < n; i++) {
          y.setAtIndex(JAVA_DOUBLE, i * count + k, result.getAtIndex(JAVA_DOUBLE, i));
        }
      }
    }
  }

  /**
   * Checks the arguments of an {@code applyBlock} call for an operator of dimension n: count
   * >= 1, both segments hold n * count doubles, y is writable.
   */
  public static void check(long n, MemorySegment x, MemorySegment y, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    if (x == null) {
      throw new NullPointerException("x");
    }
    if (y == null) {
      throw new NullPointerException("y");
    }
    long needed = Math.multiplyExact(n, (long) count);
    if (x.byteSize() / Double.BYTES < needed) {
      throw new IllegalArgumentException("x holds " + x.byteSize() / Double.BYTES
          + " doubles, a block of " + count + " vectors of dimension " + n + " needs " + needed);
    }
    if (y.byteSize() / Double.BYTES < needed) {
      throw new IllegalArgumentException("y holds " + y.byteSize() / Double.BYTES
          + " doubles, a block of " + count + " vectors of dimension " + n + " needs " + needed);
    }
    if (y.isReadOnly()) {
      throw new IllegalArgumentException("y is read-only");
    }
  }
}
