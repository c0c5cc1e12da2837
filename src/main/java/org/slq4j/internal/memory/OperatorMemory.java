package org.slq4j.internal.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The single place where operators allocate off-heap memory, and the argument checks their
 * {@code apply} methods share.
 */
public final class OperatorMemory {

  private OperatorMemory() {}

  /**
   * Allocates {@code bytes} zeroed bytes, 64-byte aligned (one cache line, one AVX-512 vector).
   * The only allocation call of the package, so moving the operators' arrays to
   * {@code OffHeap.allocateDoubles} (2 MiB aligned, huge-page advised, as the Lanczos basis) is a
   * one-line change; not made, as nothing measured here points at their 4 KiB pages.
   */
  public static MemorySegment allocate(Arena arena, long bytes) {
    return arena.allocate(Math.max(bytes, 1), 64);
  }

  public static MemorySegment allocateDoubles(Arena arena, long count) {
    return allocate(arena, Math.multiplyExact(count, ValueLayout.JAVA_DOUBLE.byteSize()));
  }

  /** Checks that x and y of an {@code apply} call hold n doubles and y is writable. */
  public static void checkApply(long n, MemorySegment x, MemorySegment y) {
    checkVector("x", x, n);
    checkVector("y", y, n);
    if (y.isReadOnly()) {
      throw new IllegalArgumentException("y is read-only");
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
    if (y.isReadOnly()) {
      throw new IllegalArgumentException("y is read-only");
    }
  }

  private static void checkBlock(String name, MemorySegment s, long n, int count, long needed) {
    if (s == null) {
      throw new NullPointerException(name);
    }
    if (s.byteSize() / Double.BYTES < needed) {
      throw new IllegalArgumentException(name + " holds " + s.byteSize() / Double.BYTES
          + " doubles, a block of " + count + " vectors of dimension " + n + " needs " + needed);
    }
  }

  private static void checkVector(String name, MemorySegment s, long n) {
    if (s == null) {
      throw new NullPointerException(name);
    }
    if (s.byteSize() / Double.BYTES < n) {
      throw new IllegalArgumentException(name + " holds " + s.byteSize() / Double.BYTES
          + " doubles, the operator dimension is " + n);
    }
  }

  public static void checkDimension(String name, long n) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + n);
    }
  }
}
