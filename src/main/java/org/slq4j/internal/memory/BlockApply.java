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
    OperatorMemory.checkApplyBlock(n, x, y, count);
    if (count == 1) {
      operator.apply(x, y);
      return;
    }
    try (Arena arena = Arena.ofShared()) { // apply may use threads of its own
      MemorySegment column = OffHeap.allocateDoubles(arena, n);
      MemorySegment result = OffHeap.allocateDoubles(arena, n);
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
}
