package org.slq4j.internal.memory;

import java.lang.foreign.MemorySegment;

/**
 * The checks of the memory handed to an operator, shared by every operator: the segments of
 * {@code apply} and {@code applyBlock} (the default one included) and the dimension given to a
 * factory. Each message names the argument and the sizes involved. (Memory an operator owns is
 * {@link OwnedMemory}; every buffer comes from {@link OffHeap}.)
 */
public final class OperatorMemory {

  private OperatorMemory() {}

  /** Checks that x and y of an {@code apply} call hold n doubles and y is writable. */
  public static void checkApply(long n, MemorySegment x, MemorySegment y) {
    checkVector("x", x, n);
    checkVector("y", y, n);
    checkWritable(y);
  }

  /**
   * Checks the arguments of an {@code applyRows} call ({@code RowRangeOperator}): x and y hold
   * n doubles, y is writable, and 0 <= from <= to <= n.
   */
  public static void checkApplyRows(long n, MemorySegment x, MemorySegment y, long from,
      long to) {
    checkApply(n, x, y);
    if (from < 0 || from > to || to > n) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") are not within [0, "
          + n + "]");
    }
  }

  /**
   * Checks the arguments of an {@code applyBlock} call: count >= 1, x and y hold n * count
   * doubles, y is writable.
   */
  public static void checkApplyBlock(long n, MemorySegment x, MemorySegment y, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    long needed = Math.multiplyExact(n, (long) count);
    checkBlock("x", x, n, count, needed);
    checkBlock("y", y, n, count, needed);
    checkWritable(y);
  }

  /** Checks that a dimension is at least 1. */
  public static void checkDimension(String name, long n) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + n);
    }
  }

  private static void checkBlock(String name, MemorySegment s, long n, int count, long needed) {
    if (doubles(name, s) < needed) {
      throw new IllegalArgumentException(name + " holds " + doubles(name, s)
          + " doubles, a block of " + count + " vectors of dimension " + n + " needs " + needed);
    }
  }

  private static void checkVector(String name, MemorySegment s, long n) {
    if (doubles(name, s) < n) {
      throw new IllegalArgumentException(name + " holds " + doubles(name, s)
          + " doubles, the operator dimension is " + n);
    }
  }

  private static long doubles(String name, MemorySegment s) {
    if (s == null) {
      throw new NullPointerException(name);
    }
    return s.byteSize() / Double.BYTES;
  }

  private static void checkWritable(MemorySegment y) {
    if (y.isReadOnly()) {
      throw new IllegalArgumentException("y is read-only");
    }
  }
}
