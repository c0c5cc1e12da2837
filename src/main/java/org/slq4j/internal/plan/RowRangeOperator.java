package org.slq4j.internal.plan;

import java.lang.foreign.MemorySegment;

/**
 * An operator whose product can be computed one range of rows at a time: rows [from, to) of
 * y = H x depend on all of x but write only their own part of y, and each row is computed the
 * same way whatever the range, so that splitting a product over threads by row ranges gives
 * bit for bit the product {@link org.slq4j.SymmetricOperator#apply} gives. The built-in
 * operators implement it; the estimator uses it to spread one run's product over threads that
 * would otherwise be idle.
 */
public interface RowRangeOperator {

  /**
   * Writes rows [from, to) of y = H x. Calls on disjoint ranges may run at the same time on
   * different threads.
   *
   * @param x n doubles, not modified, not overlapping y
   * @param y n doubles; only indices [from, to) are written
   */
  void applyRows(MemorySegment x, MemorySegment y, long from, long to);
}
